//! Users: list the organisation's members and guests, and invite people.
//!
//! `GET /multipleusers` and `POST /invites` are verified in the published
//! quickstart (A1 in the fact sheet) **\[V\]**, except where a field says otherwise.

use access_core::http::{Body, Query};
use access_core::model::EmailAddress;
use access_core::{Error, ValidationError};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::groups::GroupRef;
use crate::model::{
    DeviceStatus, EmailStatus, Smartcard, UserTag, de_datetime, de_id_list, de_string_list,
};
use crate::{Client, EmailId, UserId};

/// A member or guest of the organisation as `GET /multipleusers` lists them **\[V\]**.
///
/// Every field is optional: the docs' example is informal (a missing comma, a
/// duplicated `name`). Unknown fields are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct User {
    /// Status of the member's authentication device (`ad_status`), e.g. `ACTIVE`.
    #[serde(
        rename = "ad_status",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub device_status: Option<DeviceStatus>,
    /// When the member became active (`active_date`).
    #[serde(rename = "active_date", default, deserialize_with = "de_datetime")]
    pub active_date: Option<NaiveDateTime>,
    /// When the member confirmed the invitation.
    #[serde(default, deserialize_with = "de_datetime")]
    pub confirmed: Option<NaiveDateTime>,
    /// When the member was created.
    #[serde(default, deserialize_with = "de_datetime")]
    pub created: Option<NaiveDateTime>,
    /// When the member's device was added.
    #[serde(default, deserialize_with = "de_datetime")]
    pub device_added: Option<NaiveDateTime>,
    /// The e-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// The id other endpoints take to address this member.
    #[serde(default, deserialize_with = "access_core::lenient::optional")]
    pub email_id: Option<EmailId>,
    /// Whether the address is confirmed (`email_status`).
    #[serde(default, deserialize_with = "access_core::lenient::optional")]
    pub email_status: Option<EmailStatus>,
    /// Given name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Family name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Group names, as a list of one-element lists (`[["Employees"], ...]`) **\[V\]**.
    #[serde(default)]
    pub groups: Vec<Vec<String>>,
    /// "first_name + last_name"; with `email=true` the e-mail is included **\[V\]**.
    #[serde(default)]
    pub name: Option<String>,
    /// The user id.
    #[serde(default, deserialize_with = "access_core::lenient::optional")]
    pub user_id: Option<UserId>,
    /// The user name.
    #[serde(default)]
    pub username: Option<String>,
    /// "Unique identifier", type unspecified **\[V\]**: kept as JSON.
    #[serde(default)]
    pub unique_id: Option<serde_json::Value>,
    /// Fields the docs do not list.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl User {
    /// The group names, flattened.
    pub fn group_names(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().flatten().map(String::as_str)
    }
}

crate::error::allthenticate_errors! {
    /// Failures of `GET /multipleusers`: the general rows (see [`crate::error`]).
    pub enum ListUsersError {
    }
}

/// `GET /multipleusers`: every user of the organisation **\[V\]**. Idempotent (retried).
///
/// Without `user_tag` the vendor lists members; `user_tag=GUEST` lists guests **\[V\]**.
/// Not paged: the answer is one bare JSON array **\[V\]**.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ListUsers {
    email: Option<bool>,
    user_tag: Option<UserTag>,
}

impl ListUsers {
    /// All members.
    pub fn new() -> Self {
        Self::default()
    }

    /// Guest users only (`user_tag=GUEST`).
    pub fn guests() -> Self {
        Self::default().user_tag(UserTag::Guest)
    }

    /// `email`: whether each user's e-mail is included in the `name` field **\[V\]**.
    pub fn email(mut self, include: bool) -> Self {
        self.email = Some(include);
        self
    }

    /// `user_tag` (only `GUEST` is documented).
    pub fn user_tag(mut self, tag: UserTag) -> Self {
        self.user_tag = Some(tag);
        self
    }
}

access_core::endpoint! {
    impl Endpoint for ListUsers {
        name: "GET /multipleusers",
        method: GET,
        path: "multipleusers",
        output: Vec<User>,
        error: ListUsersError,
        idempotent: true,
        decode: |_, r| r.json(),
        query: |s| {
            let mut q = Query::new();
            q.push_opt("email", s.email);
            q.push_opt("user_tag", s.user_tag.as_ref().map(|t| t.as_str().to_owned()));
            q
        },
        validate: |s| match &s.user_tag {
            Some(UserTag::Unknown(t)) if t.trim().is_empty() => {
                Err(ValidationError::new("user_tag", "must not be empty"))
            }
            _ => Ok(()),
        },
    }
}

crate::error::allthenticate_errors! {
    /// Failures of `POST /invites`: the general rows (see [`crate::error`]).
    pub enum InviteError {
    }
}

/// `POST /invites`: invites people to the organisation by e-mail **\[V\]**.
///
/// * `emails` (required, at least one).
/// * `smartcards`: one list of cards per e-mail, in the same order **\[V\]**; a
///   different number of lists than e-mails is refused before sending. The
///   element shape `{number, label}` comes from `/modifysmartcards` **\[seed\]**; **\[I\]**.
/// * `groups`: `{id, name}` objects every invitee is added to **\[V\]**.
/// * `no_email`: `true` sends no invitation e-mails **\[V\]** (sent as a JSON boolean **\[I\]**).
///
/// Not idempotent: a second call may send second invitation e-mails.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Invite {
    emails: Vec<EmailAddress>,
    smartcards: Option<Vec<Vec<Smartcard>>>,
    groups: Vec<GroupRef>,
    no_email: Option<bool>,
}

impl Invite {
    /// Invites these addresses (at least one).
    pub fn new(emails: impl IntoIterator<Item = EmailAddress>) -> Result<Self, ValidationError> {
        let emails: Vec<EmailAddress> = emails.into_iter().collect();
        if emails.is_empty() {
            return Err(ValidationError::new(
                "emails",
                "at least one address is required",
            ));
        }
        Ok(Self {
            emails,
            smartcards: None,
            groups: Vec::new(),
            no_email: None,
        })
    }

    /// `smartcards`: the cards of each invitee, one list per e-mail in the same
    /// order (checked before sending).
    pub fn smartcards(mut self, per_email: Vec<Vec<Smartcard>>) -> Self {
        self.smartcards = Some(per_email);
        self
    }

    /// `groups`: adds a group every invitee joins.
    pub fn group(mut self, group: GroupRef) -> Self {
        self.groups.push(group);
        self
    }

    /// `no_email`: `true` sends no invitation e-mail.
    pub fn no_email(mut self, no_email: bool) -> Self {
        self.no_email = Some(no_email);
        self
    }

    /// The addresses.
    pub fn emails(&self) -> &[EmailAddress] {
        &self.emails
    }
}

#[derive(Serialize)]
struct InviteBody<'a> {
    emails: &'a [EmailAddress],
    #[serde(skip_serializing_if = "Option::is_none")]
    smartcards: Option<&'a Vec<Vec<Smartcard>>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    groups: &'a [GroupRef],
    #[serde(skip_serializing_if = "Option::is_none")]
    no_email: Option<bool>,
}

impl Invite {
    fn check(&self) -> Result<(), ValidationError> {
        if self.emails.is_empty() {
            return Err(ValidationError::new(
                "emails",
                "at least one address is required",
            ));
        }
        if let Some(cards) = &self.smartcards
            && cards.len() != self.emails.len()
        {
            return Err(ValidationError::new(
                "smartcards",
                format!(
                    "must have one list of cards per e-mail, in the same order: {} lists for {} e-mails",
                    cards.len(),
                    self.emails.len()
                ),
            ));
        }
        for card in self.smartcards.iter().flatten().flatten() {
            Smartcard::new(card.number.clone())?;
        }
        Ok(())
    }
}

access_core::endpoint! {
    impl Endpoint for Invite {
        name: "POST /invites",
        method: POST,
        path: "invites",
        output: InviteResult,
        error: InviteError,
        idempotent: false,
        decode: |_, r| r.json(),
        body: |s| {
            Body::json(&InviteBody {
                emails: &s.emails,
                smartcards: s.smartcards.as_ref(),
                groups: &s.groups,
                no_email: s.no_email,
            })
        },
        validate: |s| s.check(),
        secrets: |s| crate::model::card_secrets(s.smartcards.iter().flatten().flatten()),
    }
}

/// The answer of `POST /invites` **\[V\]** (field names verified; their value types are
/// not shown, so lists are read leniently **\[I\]**).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct InviteResult {
    /// The vendor's message ("Success! All members have been invited ...").
    #[serde(rename = "success")]
    pub message: String,
    /// Addresses added to the organisation.
    #[serde(default, deserialize_with = "de_string_list")]
    pub added: Vec<String>,
    /// Addresses an invitation was sent to.
    #[serde(default, deserialize_with = "de_string_list")]
    pub invited: Vec<String>,
    /// Addresses that were already members.
    #[serde(default, deserialize_with = "de_string_list")]
    pub exists: Vec<String>,
    /// Addresses refused as invalid.
    #[serde(default, deserialize_with = "de_string_list")]
    pub invalid: Vec<String>,
    /// Addresses whose invitation could not be sent.
    #[serde(rename = "failed_invite", default, deserialize_with = "de_string_list")]
    pub failed_invite: Vec<String>,
    /// The `email_id`s added to the groups.
    #[serde(default, deserialize_with = "de_id_list")]
    pub add_ids: Vec<EmailId>,
    /// The names of the groups the invitees joined.
    #[serde(default, deserialize_with = "de_string_list")]
    pub group_names: Vec<String>,
    /// Whether invitation e-mails were sent.
    #[serde(default, deserialize_with = "access_core::lenient::optional")]
    pub send_email: Option<bool>,
    /// Fields the docs do not list.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// User calls of a [`Client`]: `client.users()`.
#[derive(Debug, Clone, Copy)]
pub struct Users<'a>(&'a Client);

impl Client {
    /// Users (`/multipleusers`, `/invites`).
    pub fn users(&self) -> Users<'_> {
        Users(self)
    }
}

impl Users<'_> {
    /// `GET /multipleusers`: the whole list (Allthenticate does not page it), e.g.
    /// `list(ListUsers::new())` for the members.
    pub async fn list(self, request: ListUsers) -> Result<Vec<User>, Error<ListUsersError>> {
        self.0.send(&request).await
    }

    /// `GET /multipleusers?user_tag=GUEST`: the guests.
    pub async fn list_guests(self) -> Result<Vec<User>, Error<ListUsersError>> {
        self.0.send(&ListUsers::guests()).await
    }

    /// `POST /invites`.
    pub async fn invite(self, request: Invite) -> Result<InviteResult, Error<InviteError>> {
        self.0.send(&request).await
    }
}
