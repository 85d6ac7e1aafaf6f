//! The id newtypes, re-exported at the crate root.
//!
//! Every Allthenticate id is an integer on the wire; each has its own type so an
//! `email_id` cannot be passed where a `resource_id` is expected.

use std::fmt;
use std::str::FromStr;

use access_core::ValidationError;
use serde::{Deserialize, Serialize};

macro_rules! int_id {
    ($(#[$meta:meta])* $name:ident, $field:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(i64);

        impl $name {
            /// The id from its number.
            pub const fn new(id: i64) -> Self {
                Self(id)
            }

            /// The number.
            pub const fn as_i64(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl From<i64> for $name {
            fn from(v: i64) -> Self {
                Self(v)
            }
        }

        impl FromStr for $name {
            type Err = ValidationError;

            /// Parses the decimal number (surrounding white space ignored).
            fn from_str(s: &str) -> Result<Self, ValidationError> {
                s.trim()
                    .parse()
                    .map(Self)
                    .map_err(|_| ValidationError::new($field, "must be an integer id"))
            }
        }
    };
}

int_id!(
    /// A member's `email_id`: the id `/invites`, `/groups` (user groups) and
    /// `/modifysmartcards` take **\[V\]** quickstart; **\[seed\]**.
    EmailId,
    "email_id"
);
int_id!(
    /// A member's `user_id` as `/multipleusers` reports it **\[V\]** quickstart. Not
    /// accepted by any documented endpoint; use [`EmailId`] to address a member.
    UserId,
    "user_id"
);
int_id!(
    /// A group id, answered by `POST /groups` and taken by `PUT /groups`,
    /// `/invites` and `/masslock` (`group_id`, a door group) **\[seed\]**; **\[V\]** Resources page.
    GroupId,
    "group_id"
);
int_id!(
    /// A resource's `resource_id` (door or computer) from `/multipleresources`
    /// **\[V\]** Resources page; what `/groups` (resource groups) and `/magiclinkadmin` take.
    ResourceId,
    "resource_id"
);
int_id!(
    /// A guest-link configuration id (`config_id`) **\[seed\]**. No endpoint lists them.
    ConfigId,
    "config_id"
);
int_id!(
    /// The id of a magic (guest) link, answered by `/magiclinkadmin` **\[seed\]**.
    MagicLinkId,
    "magic_link_id"
);
int_id!(
    /// The organisation id of a resource (`org_id`) **\[V\]** Resources page.
    OrgId,
    "org_id"
);
