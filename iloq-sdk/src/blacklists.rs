//! The blocklist (`/api/v2/Blacklists`): S50 and 5 Series keys only **\[V\]** ENK.
//! EasySecure does not use it yet **\[V\]** ES.

use access_core::Error;
use access_core::http::segment;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::{Checked, check, guarded, refused};
use crate::ids::KeyId;
use crate::keys::KeyTypeMask;
use crate::macros::int_enum;

int_enum! {
    /// The answer of `GET /Blacklists/CanOrderS40Blacklist` **\[V\]** ENK.
    pub enum CanOrderBlocklist {
        /// OK.
        Ok = 0 => "OK",
        /// Needs Manager and a programming token.
        NeedsManager = 1 => "needs Manager and a programming token",
        /// No changes to order.
        NoChanges = 2 => "no changes",
        /// Too many items.
        TooManyItems = 3 => "too many items",
    }
}

/// The answer of `GET /Blacklists` (`GetS40BlacklistResult`) **\[V\]** OpenAPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Blocklist {
    /// `BlacklistItems`: the keys in the blocklist (`null` reads as none).
    #[serde(
        rename = "BlacklistItems",
        default,
        deserialize_with = "crate::decode::list"
    )]
    pub items: Vec<BlocklistItem>,
    /// `BlacklistPacket`: the current blocklist packet, if any.
    #[serde(
        rename = "BlacklistPacket",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub packet: Option<BlocklistPacket>,
    /// `OutsideUserZoneKeyCount`: blocklisted keys outside the user's zones.
    #[serde(rename = "OutsideUserZoneKeyCount", default)]
    pub outside_user_zone_key_count: i64,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A key in the blocklist (`BlackList`) **\[V\]** OpenAPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BlocklistItem {
    /// `FNKey_ID`: the blocklisted key.
    #[serde(rename = "FNKey_ID")]
    pub key_id: KeyId,
    /// `FNKeyBlacklistPacketLink_ID`: the item's id.
    #[serde(
        rename = "FNKeyBlacklistPacketLink_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub link_id: Option<uuid::Uuid>,
    /// `BlackListDateUtc`: when the key was added.
    #[serde(rename = "BlackListDateUtc", default, with = "crate::dates::utc_opt")]
    pub added: Option<DateTime<Utc>>,
    /// `BlacklistVersion`.
    #[serde(rename = "BlacklistVersion", default)]
    pub version: Option<String>,
    /// `ChangeType`: the change to the previously ordered blocklist (iLOQ's
    /// reference does not list the values; kept as read).
    #[serde(rename = "ChangeType", default)]
    pub change_type: i64,
    /// `KeyStamp`: the key's stamp.
    #[serde(rename = "KeyStamp", default)]
    pub key_stamp: Option<String>,
    /// `KeyTypeMask`: the base key type.
    #[serde(rename = "KeyTypeMask", default)]
    pub key_type: KeyTypeMask,
    /// `Name`.
    #[serde(rename = "Name", default)]
    pub name: Option<String>,
    /// `PersonName`: the key holder's name.
    #[serde(rename = "PersonName", default)]
    pub person_name: Option<String>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The current blocklist packet (`GetS40BlacklistResult_BlacklistPacket`) **\[V\]** OpenAPI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BlocklistPacket {
    /// `BlacklistPacket_ID`.
    #[serde(
        rename = "BlacklistPacket_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub id: Option<uuid::Uuid>,
    /// `HardDataVersion`.
    #[serde(rename = "HardDataVersion", default)]
    pub hard_data_version: i32,
    /// `SoftDataVersion`.
    #[serde(rename = "SoftDataVersion", default)]
    pub soft_data_version: i32,
    /// `State` (`BlacklistPacketState`; the reference lists no values, kept as read).
    #[serde(rename = "State", default)]
    pub state: i64,
}

/// `GET /api/v2/Blacklists` **\[V\]** ENK, OpenAPI: every key in the current
/// blocklist. Rights: "view black list tools", "view black list".
#[derive(Debug, Clone)]
pub struct GetBlocklist {}

impl GetBlocklist {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for GetBlocklist {
        name: "GET /api/v2/Blacklists",
        method: GET,
        path: "api/v2/Blacklists",
        output: Blocklist,
        error: GetBlocklistError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Blacklists` (iLOQ documents none per endpoint: its general rows).
    pub enum GetBlocklistError {
    }
}

/// `GET /api/v2/Blacklists/CanAddKey/{fnkeyId}` **\[V\]** ENK: a bool.
#[derive(Debug, Clone)]
pub struct CanAddKeyToBlocklist {
    id: KeyId,
}

impl CanAddKeyToBlocklist {
    /// The request with its required parameters.
    pub fn new(id: KeyId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for CanAddKeyToBlocklist {
        name: "GET /api/v2/Blacklists/CanAddKey/{fnkeyId}",
        method: GET,
        path: |s| format!("api/v2/Blacklists/CanAddKey/{}", segment(&s.id.to_string())),
        output: bool,
        error: CanAddKeyToBlocklistError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Blacklists/CanAddKey/{fnkeyId}` (iLOQ documents none per endpoint: its general rows).
    pub enum CanAddKeyToBlocklistError {
    }
}

/// `POST /api/v2/Blacklists/AddKey/{fnkeyId}` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct AddKeyToBlocklist {
    id: KeyId,
}

impl AddKeyToBlocklist {
    /// The request with its required parameters.
    pub fn new(id: KeyId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for AddKeyToBlocklist {
        name: "POST /api/v2/Blacklists/AddKey/{fnkeyId}",
        method: POST,
        path: |s| format!("api/v2/Blacklists/AddKey/{}", segment(&s.id.to_string())),
        output: (),
        error: AddKeyToBlocklistError,
        idempotent: false,
        decode: |_, r| r.empty(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/Blacklists/AddKey/{fnkeyId}` (iLOQ documents none per endpoint: its general rows).
    pub enum AddKeyToBlocklistError {
    }
}

/// `GET /api/v2/Blacklists/CanRemoveKey/{fnkeyId}` **\[V\]** ENK: a bool.
#[derive(Debug, Clone)]
pub struct CanRemoveKeyFromBlocklist {
    id: KeyId,
}

impl CanRemoveKeyFromBlocklist {
    /// The request with its required parameters.
    pub fn new(id: KeyId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for CanRemoveKeyFromBlocklist {
        name: "GET /api/v2/Blacklists/CanRemoveKey/{fnkeyId}",
        method: GET,
        path: |s| format!("api/v2/Blacklists/CanRemoveKey/{}", segment(&s.id.to_string())),
        output: bool,
        error: CanRemoveKeyFromBlocklistError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Blacklists/CanRemoveKey/{fnkeyId}` (iLOQ documents none per endpoint: its general rows).
    pub enum CanRemoveKeyFromBlocklistError {
    }
}

/// `DELETE /api/v2/Blacklists/RemoveKey/{fnkeyId}` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct RemoveKeyFromBlocklist {
    id: KeyId,
}

impl RemoveKeyFromBlocklist {
    /// The request with its required parameters.
    pub fn new(id: KeyId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for RemoveKeyFromBlocklist {
        name: "DELETE /api/v2/Blacklists/RemoveKey/{fnkeyId}",
        method: DELETE,
        path: |s| format!("api/v2/Blacklists/RemoveKey/{}", segment(&s.id.to_string())),
        output: (),
        error: RemoveKeyFromBlocklistError,
        idempotent: false,
        decode: |_, r| r.empty(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `DELETE /api/v2/Blacklists/RemoveKey/{fnkeyId}` (iLOQ documents none per endpoint: its general rows).
    pub enum RemoveKeyFromBlocklistError {
    }
}

/// `GET /api/v2/Blacklists/CanOrderS40Blacklist` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct CanOrderBlocklistRequest {}

impl CanOrderBlocklistRequest {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for CanOrderBlocklistRequest {
        name: "GET /api/v2/Blacklists/CanOrderS40Blacklist",
        method: GET,
        path: "api/v2/Blacklists/CanOrderS40Blacklist",
        output: CanOrderBlocklist,
        error: CanOrderBlocklistRequestError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Blacklists/CanOrderS40Blacklist` (iLOQ documents none per endpoint: its general rows).
    pub enum CanOrderBlocklistRequestError {
    }
}

/// `POST /api/v2/Blacklists/OrderS40Blacklist` **\[V\]** ENK: orders the blocklist to the locks.
#[derive(Debug, Clone)]
pub struct OrderBlocklist {}

impl OrderBlocklist {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for OrderBlocklist {
        name: "POST /api/v2/Blacklists/OrderS40Blacklist",
        method: POST,
        path: "api/v2/Blacklists/OrderS40Blacklist",
        output: (),
        error: OrderBlocklistError,
        idempotent: false,
        decode: |_, r| r.empty(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/Blacklists/OrderS40Blacklist` (iLOQ documents none per endpoint: its general rows).
    pub enum OrderBlocklistError {
    }
}

/// Blocklist calls of a [`Client`]: `client.blocklists()`.
#[derive(Debug, Clone, Copy)]
pub struct Blocklists<'a>(&'a Client);

impl Client {
    /// The blocklist (`/api/v2/Blacklists`).
    pub fn blocklists(&self) -> Blocklists<'_> {
        Blocklists(self)
    }
}

impl Blocklists<'_> {
    /// The blocklist.
    pub async fn get(self) -> Result<Blocklist, Error<GetBlocklistError>> {
        self.0.send(&GetBlocklist::new()).await
    }

    /// `CanAddKey`, then `AddKey`; `false` from the check is [`Checked::Refused`].
    pub async fn add_key(
        self,
        key: KeyId,
    ) -> Result<(), Error<Checked<bool, AddKeyToBlocklistError>>> {
        let can = check(
            self.0.send(&CanAddKeyToBlocklist::new(key)).await,
            AddKeyToBlocklistError::from_details,
        )?;
        if !can {
            return Err(refused(false));
        }
        guarded(self.0.send(&AddKeyToBlocklist::new(key)).await)
    }

    /// `CanRemoveKey`, then `RemoveKey`; `false` from the check is [`Checked::Refused`].
    pub async fn remove_key(
        self,
        key: KeyId,
    ) -> Result<(), Error<Checked<bool, RemoveKeyFromBlocklistError>>> {
        let can = check(
            self.0.send(&CanRemoveKeyFromBlocklist::new(key)).await,
            RemoveKeyFromBlocklistError::from_details,
        )?;
        if !can {
            return Err(refused(false));
        }
        guarded(self.0.send(&RemoveKeyFromBlocklist::new(key)).await)
    }

    /// `CanOrderS40Blacklist`, then `OrderS40Blacklist`.
    pub async fn order(self) -> Result<(), Error<Checked<CanOrderBlocklist, OrderBlocklistError>>> {
        let can = check(
            self.0.send(&CanOrderBlocklistRequest::new()).await,
            OrderBlocklistError::from_details,
        )?;
        if can != CanOrderBlocklist::Ok {
            return Err(refused(can));
        }
        guarded(self.0.send(&OrderBlocklist::new()).await)
    }
}
