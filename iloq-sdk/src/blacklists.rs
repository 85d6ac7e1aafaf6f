//! The blocklist (`/api/v2/Blacklists`): S50 and 5 Series keys only **\[V\] ENK**.
//! EasySecure does not use it yet **\[V\] ES**.

use access_core::Error;
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::decode;
use crate::error::{ApiError, Checked, lift, refused};
use crate::macros::{endpoint, int_enum};
use crate::types::KeyId;

int_enum! {
    /// The answer of `GET /Blacklists/CanOrderS40Blacklist` **\[V\] ENK**.
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

/// The answer of `GET /Blacklists` (`GetS40BlacklistResult`) **\[V\] ENK**; the
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

endpoint! {
    /// `GET /api/v2/Blacklists` **\[V\] ENK**.
    pub struct GetBlocklist {}
    GET "GET /api/v2/Blacklists";
    path(_s) { "api/v2/Blacklists".to_string() }
    output Blocklist = decode::json;
    error ApiError;
    idempotent true;
}

endpoint! {
    /// `GET /api/v2/Blacklists/CanAddKey/{fnkeyId}` **\[V\] ENK**: a bool.
    pub struct CanAddKeyToBlocklist { /// The key.
        id: KeyId }
    GET "GET /api/v2/Blacklists/CanAddKey/{fnkeyId}";
    path(s) { format!("api/v2/Blacklists/CanAddKey/{}", s.id) }
    output bool = decode::json;
    error ApiError;
    idempotent true;
}

endpoint! {
    /// `POST /api/v2/Blacklists/AddKey/{fnkeyId}` **\[V\] ENK**.
    pub struct AddKeyToBlocklist { /// The key.
        id: KeyId }
    POST "POST /api/v2/Blacklists/AddKey/{fnkeyId}";
    path(s) { format!("api/v2/Blacklists/AddKey/{}", s.id) }
    output () = decode::empty;
    error ApiError;
    idempotent false;
}

endpoint! {
    /// `GET /api/v2/Blacklists/CanRemoveKey/{fnkeyId}` **\[V\] ENK**: a bool.
    pub struct CanRemoveKeyFromBlocklist { /// The key.
        id: KeyId }
    GET "GET /api/v2/Blacklists/CanRemoveKey/{fnkeyId}";
    path(s) { format!("api/v2/Blacklists/CanRemoveKey/{}", s.id) }
    output bool = decode::json;
    error ApiError;
    idempotent true;
}

endpoint! {
    /// `DELETE /api/v2/Blacklists/RemoveKey/{fnkeyId}` **\[V\] ENK**.
    pub struct RemoveKeyFromBlocklist { /// The key.
        id: KeyId }
    DELETE "DELETE /api/v2/Blacklists/RemoveKey/{fnkeyId}";
    path(s) { format!("api/v2/Blacklists/RemoveKey/{}", s.id) }
    output () = decode::empty;
    error ApiError;
    idempotent false;
}

endpoint! {
    /// `GET /api/v2/Blacklists/CanOrderS40Blacklist` **\[V\] ENK**.
    pub struct CanOrderBlocklistRequest {}
    GET "GET /api/v2/Blacklists/CanOrderS40Blacklist";
    path(_s) { "api/v2/Blacklists/CanOrderS40Blacklist".to_string() }
    output CanOrderBlocklist = decode::json;
    error ApiError;
    idempotent true;
}

endpoint! {
    /// `POST /api/v2/Blacklists/OrderS40Blacklist` **\[V\] ENK**: orders the blocklist to the locks.
    pub struct OrderBlocklist {}
    POST "POST /api/v2/Blacklists/OrderS40Blacklist";
    path(_s) { "api/v2/Blacklists/OrderS40Blacklist".to_string() }
    output () = decode::empty;
    error ApiError;
    idempotent false;
}

/// Error of the blocklist add and remove calls: `false` from the `Can*` check.
pub type BlocklistKeyError = Checked<bool>;
/// Error of [`Blocklists::order`].
pub type OrderBlocklistError = Checked<CanOrderBlocklist>;

/// Blocklist calls of a [`Client`].
#[derive(Debug, Clone, Copy)]
pub struct Blocklists<'a>(pub(crate) &'a Client);

impl Client {
    /// The blocklist.
    pub fn blocklist(&self) -> Blocklists<'_> {
        Blocklists(self)
    }
}

impl Blocklists<'_> {
    /// The blocklist.
    pub async fn get(&self) -> Result<Blocklist, Error<ApiError>> {
        self.0.send(&GetBlocklist::new()).await
    }

    /// `CanAddKey`, then `AddKey`.
    pub async fn add_key(&self, key: KeyId) -> Result<(), Error<BlocklistKeyError>> {
        if !lift(self.0.send(&CanAddKeyToBlocklist::new(key)).await)? {
            return Err(refused(Checked::Refused(false)));
        }
        lift(self.0.send(&AddKeyToBlocklist::new(key)).await)
    }

    /// `CanRemoveKey`, then `RemoveKey`.
    pub async fn remove_key(&self, key: KeyId) -> Result<(), Error<BlocklistKeyError>> {
        if !lift(self.0.send(&CanRemoveKeyFromBlocklist::new(key)).await)? {
            return Err(refused(Checked::Refused(false)));
        }
        lift(self.0.send(&RemoveKeyFromBlocklist::new(key)).await)
    }

    /// `CanOrderS40Blacklist`, then `OrderS40Blacklist`.
    pub async fn order(&self) -> Result<(), Error<OrderBlocklistError>> {
        let can = lift(self.0.send(&CanOrderBlocklistRequest::new()).await)?;
        if can != CanOrderBlocklist::Ok {
            return Err(refused(Checked::Refused(can)));
        }
        lift(self.0.send(&OrderBlocklist::new()).await)
    }
}
