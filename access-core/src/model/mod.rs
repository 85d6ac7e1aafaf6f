//! Vendor-neutral types shared by every vendor crate.
//!
//! Designed from the four vendors' fact sheets so each can fill them honestly:
//! EasySecure keys people by `wsAltUserId`, iLOQ by `ExternalPersonId`,
//! Allthenticate by e-mail, EF-45 by user uuid; all of them are an [`ExternalId`].

mod credential;
mod event;
mod identity;
mod person;
mod schedule;

pub use credential::{Credential, CredentialKind, CredentialRecord, CredentialState, Pin};
pub use event::{AccessEvent, AccessEventKind, EventCursor};
pub use identity::{CardNumber, EmailAddress, ExternalId, PhoneNumber};
pub use person::{AccessGroup, Door, DoorId, DoorState, Person, RemoveOutcome, UpsertOutcome};
pub use schedule::{HourRange, Validity, Weekday, WeeklySchedule};
