//! Access groups (admin path): `getGroups`.
//!
//! A user reaches a terminal only through an access group: the correct group is
//! mandatory for a sync to put the user on the hardware **\[seed\]**. Check which
//! groups exist before importing users; `setUsers` refers to them by name.
//!
//! **Provenance.** Path **\[seed\]**; no error rows documented; answer items are
//! SOAP `getGroupsObject` `{GroupId, GroupName}` **\[V D\]**, assumed the same in
//! REST **\[I\]**; body `{locationId}` (Branch companies) **\[I\]**.

use access_core::ValidationError;
use serde::Serialize;

use crate::auth::Admin;
use crate::endpoint::post_json;
use crate::errors::UndocumentedError;
use crate::model::{Group, decode_list};

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

post_json!(GetGroups, role = Admin, path = "admins/getGroups", idempotent = true,
    output = Vec<Group>, error = UndocumentedError,
    decode = |r| decode_list(r, &["groups", "data", "result"]));
