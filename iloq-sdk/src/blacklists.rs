//! The blocklist (`/api/v2/Blacklists`): S50 and 5 Series keys only **\[V\]** ENK.
//! EasySecure does not use it yet **\[V\]** ES.

use access_core::Error;
use access_core::http::segment;
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::{Checked, check, guarded, refused};
use crate::ids::KeyId;
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

/// The answer of `GET /Blacklists` (`GetS40BlacklistResult`) **\[V\]** ENK; the
/// item shape is not in the sources and is kept as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Blocklist {
    /// `BlacklistItems`.
    #[serde(rename = "BlacklistItems", default)]
    pub items: Vec<serde_json::Value>,
    /// `OutsideUserZoneKeyCount`.
    #[serde(rename = "OutsideUserZoneKeyCount", default)]
    pub outside_user_zone_key_count: i64,
    /// Other fields (`BlacklistPacket`).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// `GET /api/v2/Blacklists` **\[V\]** ENK.
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
