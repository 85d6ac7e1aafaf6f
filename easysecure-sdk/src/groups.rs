//! Access groups (admin path): `getGroups`.
//!
//! A user reaches a terminal only through an access group: the correct group is
//! mandatory for a sync to put the user on the hardware **\[seed\]**. Check which
//! groups exist before importing users; `setUsers` refers to them by name.
//!
//! **Provenance.** Path **\[seed\]**; no error rows documented; answer items are
//! SOAP `getGroupsObject` `{GroupId, GroupName}` **\[V\]** D, assumed the same in
//! REST **\[I\]**; body `{locationId}` (Branch companies) **\[I\]**.

use access_core::http::Body;
use access_core::{Error, ValidationError};
use serde::Serialize;

use crate::auth::{Admin, RoleEndpoint};
use crate::client::Client;
use crate::model::{Group, decode_list};

access_core::error_enum! {
    /// Failures of `POST /admins/getGroups`: the seed documents no row for it (nor
    /// rows common to every endpoint), so every failure is `Unknown`, with its
    /// status, code and text.
    pub enum GetGroupsError for crate::error::EasySecureErrorBody {}
}

/// `POST /admins/getGroups` **\[seed\]**: every access group. A read: retried on
/// 502/503/504.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GetGroups {
    #[serde(rename = "locationId", skip_serializing_if = "Option::is_none")]
    location_id: Option<i64>,
}

impl GetGroups {
    /// Every group.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only groups of this location (Branch companies).
    pub fn location_id(mut self, id: i64) -> Self {
        self.location_id = Some(id);
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        Ok(())
    }
}

access_core::endpoint! {
    impl Endpoint for GetGroups {
        name: "POST /admins/getGroups",
        method: POST,
        path: "admins/getGroups",
        output: Vec<Group>,
        error: GetGroupsError,
        idempotent: true,
        decode: |_, r| decode_list(&r, &["groups", "data", "result"]),
        body: |s| Body::json(s),
        validate: |s| s.check(),
    }
}
impl RoleEndpoint<Admin> for GetGroups {}

/// Access-group calls of an admin [`Client`]: `admin.groups()`.
#[derive(Debug, Clone, Copy)]
pub struct Groups<'a>(&'a Client<Admin>);

impl Client<Admin> {
    /// Access groups (`/admins/getGroups`).
    pub fn groups(&self) -> Groups<'_> {
        Groups(self)
    }
}

impl Groups<'_> {
    /// `POST /admins/getGroups`: every access group (the vendor answers the list
    /// whole). For one location, send [`GetGroups::location_id`] with
    /// [`Client::send`].
    pub async fn list(self) -> Result<Vec<Group>, Error<GetGroupsError>> {
        self.0.send(&GetGroups::new()).await
    }
}
