//! Guest links ("magic links"): time-limited access for guests, with a weekly
//! schedule ("Create Guest Links" in the quickstart **\[seed\]**).

use std::collections::BTreeMap;
use std::fmt;

use access_core::http::Body;
use access_core::model::{DoorId, EmailAddress, Validity, WeeklySchedule};
use access_core::{CoreResult, Error, ExposeSecret, SecretString, ValidationError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

use crate::client::VENDOR;
use crate::model::{Smartcard, UtcTime, require_non_empty};
use crate::resources::{ListResources, Resource};
use crate::{Client, ConfigId, EmailId, MagicLinkId, ResourceId};

crate::error::allthenticate_errors! {
    /// Failures of `POST /magiclinkadmin`: two endpoint-specific rows, then the
    /// general rows (see [`crate::error`]).
    pub enum CreateMagicLinkError {
        /// A resource in `resource_id_list` is not a door ("These must be doors!"
        /// **\[seed\]**); recognised by the word "door" in a 400 **\[I\]**.
        NotADoor = (400, contains "door") => InvalidInput,
        /// A smartcard number is owned by someone else and `allow_duplicates` was
        /// not set **\[I\]** recognised by the word "duplicate".
        DuplicateSmartcard = (400 | 409, contains "duplicate") => Conflict,
    }
}

/// `POST /magiclinkadmin`: creates a temporary policy and a magic link that
/// gives guests access to doors **\[seed\]**.
///
/// * `email_list` (required): the guests.
/// * `resource_id_list` (required): the resources; "These must be doors!" **\[seed\]**.
///   The SDK cannot tell a door from a computer by its id: it refuses an empty
///   list, non-positive and repeated ids; [`CreateMagicLink::for_doors`] also
///   refuses [`Resource`]s that are not doors, and
///   [`GuestLinks::create_checked`] checks the ids against
///   `GET /multipleresources?type=DOOR` before sending.
/// * `end_time` (marked "Required" with "[Default: never]" **\[seed\]**: the SDK
///   requires it) and `start_time` (default now): UTC, `YYYY-MM-DD hh:mm:ss`;
///   the start must be before the end.
/// * `name` (required): the policy's name.
/// * `send_email`, `config_id`, `allow_duplicates`.
/// * `smartcards`: one card per guest, in the same order ("mapped 1-1") **\[seed\]**.
/// * `time_mapping`: a [`WeeklySchedule`] (7 days from Sunday, hour ranges
///   within 0..=24 that do not overlap); the default is 24/7 **\[seed\]**.
///
/// Not idempotent: each call creates a new link. The answer's magic token is a
/// secret.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CreateMagicLink {
    email_list: Vec<EmailAddress>,
    resource_id_list: Vec<ResourceId>,
    start_time: Option<UtcTime>,
    end_time: UtcTime,
    name: String,
    send_email: Option<bool>,
    config_id: Option<ConfigId>,
    smartcards: Option<Vec<Smartcard>>,
    allow_duplicates: Option<bool>,
    time_mapping: Option<WeeklySchedule>,
}

impl CreateMagicLink {
    /// A link for `guests` to the doors `doors`, named `name`, valid until `end`.
    pub fn new(
        guests: impl IntoIterator<Item = EmailAddress>,
        doors: impl IntoIterator<Item = ResourceId>,
        name: impl Into<String>,
        end: DateTime<Utc>,
    ) -> Result<Self, ValidationError> {
        let link = Self {
            email_list: guests.into_iter().collect(),
            resource_id_list: doors.into_iter().collect(),
            start_time: None,
            end_time: UtcTime::new(end),
            name: name.into(),
            send_email: None,
            config_id: None,
            smartcards: None,
            allow_duplicates: None,
            time_mapping: None,
        };
        link.check()?;
        Ok(link)
    }

    /// Like [`CreateMagicLink::new`], from resources listed by
    /// `/multipleresources`: each must be a `DOOR` with a `resource_id`.
    pub fn for_doors<'r>(
        guests: impl IntoIterator<Item = EmailAddress>,
        doors: impl IntoIterator<Item = &'r Resource>,
        name: impl Into<String>,
        end: DateTime<Utc>,
    ) -> Result<Self, ValidationError> {
        let mut ids = Vec::new();
        for r in doors {
            let label = r.name.as_deref().unwrap_or("unnamed resource");
            let id = r.resource_id.ok_or_else(|| {
                ValidationError::new("resource_id_list", format!("{label} has no resource_id"))
            })?;
            if !r.is_door() {
                return Err(ValidationError::new(
                    "resource_id_list",
                    format!("resource {id} ({label}) is not a door; guest links only open doors"),
                ));
            }
            ids.push(id);
        }
        Self::new(guests, ids, name, end)
    }

    /// `start_time`: when the link becomes valid (default now); it must be before
    /// the end (checked before sending).
    pub fn start_time(mut self, start: DateTime<Utc>) -> Self {
        self.start_time = Some(UtcTime::new(start));
        self
    }

    /// `time_mapping`: the hours of the week the link works, Sunday first. The
    /// seed gives no time zone for them; they are read in UTC like `start_time`
    /// and `end_time` **\[I\]**.
    pub fn time_mapping(mut self, schedule: WeeklySchedule) -> Self {
        self.time_mapping = Some(schedule);
        self
    }

    /// `send_email`: `false` sends no e-mail with the link.
    pub fn send_email(mut self, send: bool) -> Self {
        self.send_email = Some(send);
        self
    }

    /// `config_id`: the configuration to use.
    pub fn config_id(mut self, id: ConfigId) -> Self {
        self.config_id = Some(id);
        self
    }

    /// `smartcards`: one card per guest, in the order of the e-mails (checked
    /// before sending).
    pub fn smartcards(mut self, cards: Vec<Smartcard>) -> Self {
        self.smartcards = Some(cards);
        self
    }

    /// `allow_duplicates`.
    pub fn allow_duplicates(mut self, allow: bool) -> Self {
        self.allow_duplicates = Some(allow);
        self
    }

    /// The resource ids.
    pub fn resource_ids(&self) -> &[ResourceId] {
        &self.resource_id_list
    }
}

#[derive(Serialize)]
struct MagicLinkBody<'a> {
    email_list: &'a [EmailAddress],
    resource_id_list: &'a [ResourceId],
    #[serde(skip_serializing_if = "Option::is_none")]
    start_time: Option<UtcTime>,
    end_time: UtcTime,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    send_email: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    config_id: Option<ConfigId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    smartcards: Option<&'a Vec<Smartcard>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allow_duplicates: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_mapping: Option<&'a WeeklySchedule>,
}

impl CreateMagicLink {
    fn check(&self) -> Result<(), ValidationError> {
        if self.email_list.is_empty() {
            return Err(ValidationError::new(
                "email_list",
                "at least one guest is required",
            ));
        }
        if self.resource_id_list.is_empty() {
            return Err(ValidationError::new(
                "resource_id_list",
                "at least one door is required",
            ));
        }
        for (i, id) in self.resource_id_list.iter().enumerate() {
            if id.as_i64() <= 0 {
                return Err(ValidationError::new(
                    "resource_id_list",
                    format!("{id} is not a resource id (ids are positive)"),
                ));
            }
            if self.resource_id_list[..i].contains(id) {
                return Err(ValidationError::new(
                    "resource_id_list",
                    format!("door {id} is listed twice"),
                ));
            }
        }
        require_non_empty("name", &self.name)?;
        if let Some(start) = self.start_time
            && start >= self.end_time
        {
            return Err(ValidationError::new(
                "start_time",
                format!(
                    "must be before end_time ({start} is not before {})",
                    self.end_time
                ),
            ));
        }
        if let Some(cards) = &self.smartcards
            && cards.len() != self.email_list.len()
        {
            return Err(ValidationError::new(
                "smartcards",
                format!(
                    "must map 1-1 to email_list: {} cards for {} guests",
                    cards.len(),
                    self.email_list.len()
                ),
            ));
        }
        for card in self.smartcards.iter().flatten() {
            Smartcard::new(card.number.clone())?;
        }
        Ok(())
    }

    fn wire_body(&self) -> Result<Body, ValidationError> {
        Body::json(&MagicLinkBody {
            email_list: &self.email_list,
            resource_id_list: &self.resource_id_list,
            start_time: self.start_time,
            end_time: self.end_time,
            name: &self.name,
            send_email: self.send_email,
            config_id: self.config_id,
            smartcards: self.smartcards.as_ref(),
            allow_duplicates: self.allow_duplicates,
            time_mapping: self.time_mapping.as_ref(),
        })
    }
}

access_core::endpoint! {
    impl Endpoint for CreateMagicLink {
        name: "POST /magiclinkadmin",
        method: POST,
        path: "magiclinkadmin",
        output: MagicLink,
        error: CreateMagicLinkError,
        idempotent: false,
        decode: |_, r| r.json(),
        body: |s| s.wire_body(),
        validate: |s| s.check(),
        secrets: |s| crate::model::card_secrets(s.smartcards.iter().flatten()),
        answer_secrets: ["magic_token"],
    }
}

/// The answer of `POST /magiclinkadmin` **\[seed\]**.
///
/// The magic token unlocks the doors: it is a [`SecretString`], never shown by
/// `Debug`.
#[derive(Clone)]
#[non_exhaustive]
pub struct MagicLink {
    /// The vendor's message ("Successfully created a new temporary policy and magic link.").
    pub message: String,
    /// The magic token (secret).
    pub magic_token: Option<SecretString>,
    /// The `email_id` of each guest, by e-mail.
    pub email_ids: BTreeMap<String, EmailId>,
    /// The configuration used.
    pub config_id: Option<ConfigId>,
    /// The new link's id.
    pub magic_link_id: Option<MagicLinkId>,
    /// Fields the docs do not list.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl fmt::Debug for MagicLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MagicLink")
            .field("message", &self.message)
            .field(
                "magic_token",
                &self.magic_token.as_ref().map(|_| "[redacted]"),
            )
            .field("email_ids", &self.email_ids)
            .field("config_id", &self.config_id)
            .field("magic_link_id", &self.magic_link_id)
            .field("extra", &self.extra)
            .finish()
    }
}

impl MagicLink {
    /// The token, for handing to the guest. Handle with care.
    pub fn expose_token(&self) -> Option<&str> {
        self.magic_token.as_ref().map(|t| t.expose_secret())
    }
}

impl<'de> Deserialize<'de> for MagicLink {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            success: String,
            #[serde(default)]
            magic_token: Option<String>,
            #[serde(default, deserialize_with = "access_core::lenient::optional")]
            email_ids: Option<BTreeMap<String, EmailId>>,
            #[serde(default, deserialize_with = "access_core::lenient::optional")]
            config_id: Option<ConfigId>,
            #[serde(default, deserialize_with = "access_core::lenient::optional")]
            magic_link_id: Option<MagicLinkId>,
            #[serde(flatten)]
            extra: serde_json::Map<String, serde_json::Value>,
        }
        let r = Raw::deserialize(d)?;
        Ok(MagicLink {
            message: r.success,
            magic_token: r.magic_token.map(SecretString::from),
            email_ids: r.email_ids.unwrap_or_default(),
            config_id: r.config_id,
            magic_link_id: r.magic_link_id,
            extra: r.extra,
        })
    }
}

/// Guest-link calls of a [`Client`]: `client.guest_links()`.
#[derive(Debug, Clone, Copy)]
pub struct GuestLinks<'a>(&'a Client);

impl Client {
    /// Guest (magic) links (`/magiclinkadmin`).
    pub fn guest_links(&self) -> GuestLinks<'_> {
        GuestLinks(self)
    }
}

/// Why [`GuestLinks::create_checked`] failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CheckedLinkError {
    /// Listing the resources failed; the link was not created.
    #[error("could not list the resources: {0}")]
    ListDoors(#[source] Error<crate::resources::ListResourcesError>),
    /// Creating the link failed, or an id is no resource of the organisation
    /// ([`Error::NotFound`]) or not a door ([`Error::Validation`]): then the
    /// link was not created.
    #[error(transparent)]
    Create(#[from] Error<CreateMagicLinkError>),
}

impl GuestLinks<'_> {
    /// `POST /magiclinkadmin`.
    pub async fn create(
        self,
        request: CreateMagicLink,
    ) -> Result<MagicLink, Error<CreateMagicLinkError>> {
        self.0.send(&request).await
    }

    /// Lists the resources (`GET /multipleresources`) and refuses, before
    /// sending, a link to an id that is none of them ([`Error::NotFound`], kind
    /// `NotFound`) or to a resource that is not a door ([`Error::Validation`]);
    /// then creates the link.
    pub async fn create_checked(
        self,
        request: CreateMagicLink,
    ) -> Result<MagicLink, CheckedLinkError> {
        let resources = self
            .0
            .send(&ListResources::new())
            .await
            .map_err(CheckedLinkError::ListDoors)?;
        for id in request.resource_ids() {
            match resources.iter().find(|r| r.resource_id == Some(*id)) {
                None => {
                    return Err(CheckedLinkError::Create(Error::not_found(
                        VENDOR,
                        format!("resource with id {id}"),
                    )));
                }
                Some(r) if !r.is_door() => {
                    return Err(CheckedLinkError::Create(Error::Validation(
                        ValidationError::new(
                            "resource_id_list",
                            format!("resource {id} is not one of the organisation's doors"),
                        ),
                    )));
                }
                Some(_) => {}
            }
        }
        Ok(self.0.send(&request).await?)
    }

    /// Time-limited guest access with a weekly schedule: a magic link
    /// (`POST /magiclinkadmin`) for `guest` to the doors `doors` (their uuids,
    /// as [`DoorControl::list_doors`](access_core::traits::DoorControl::list_doors) gives them), valid within `validity`
    /// (zone-less times read as UTC; the end is required) during `schedule`.
    ///
    /// The doors are resolved to resource ids with `GET /multipleresources`;
    /// an unknown uuid ([`Error::NotFound`], kind `NotFound`) or a resource that
    /// is not a door ([`Error::Validation`]) is refused before the link is created.
    pub async fn grant(
        self,
        guest: EmailAddress,
        doors: &[DoorId],
        name: &str,
        validity: Validity,
        schedule: WeeklySchedule,
    ) -> CoreResult<MagicLink> {
        let Some(end) = validity.not_after() else {
            return Err(Error::Validation(ValidationError::new(
                "validity",
                "guest links need an end (not_after)",
            )));
        };
        let listed = self
            .0
            .send(&ListResources::new())
            .await
            .map_err(Error::erase)?;
        let mut chosen = Vec::new();
        for d in doors {
            match listed
                .iter()
                .find(|r| r.uuid.as_deref() == Some(d.0.as_str()))
            {
                Some(r) if r.is_door() => chosen.push(r),
                Some(_) => {
                    return Err(Error::Validation(ValidationError::new(
                        "resource_id_list",
                        format!("{d} is not one of the organisation's doors"),
                    )));
                }
                None => {
                    return Err(Error::not_found(VENDOR, format!("resource with uuid {d}")));
                }
            }
        }
        let mut request = CreateMagicLink::for_doors([guest], chosen, name, end.and_utc())?
            .time_mapping(schedule);
        if let Some(start) = validity.not_before() {
            request = request.start_time(start.and_utc());
        }
        self.0.send(&request).await.map_err(Error::erase)
    }
}
