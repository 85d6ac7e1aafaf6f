//! The id newtypes, re-exported at the crate's root. Each is a GUID with a
//! private field: `new`, `generate`, `as_uuid`, `FromStr`, `Display`, and the
//! bare GUID as its serde form **\[V\]** ENK (`*_ID` fields are GUIDs).

use crate::macros::guid_id;

guid_id! {
    /// A person (`Person_ID`).
    PersonId;
    /// A key, fob or phone key (`FNKey_ID`).
    KeyId;
    /// A security access, "access right" in Manager (`SecurityAccess_ID`).
    SecurityAccessId;
    /// A lock (`FLock_ID`).
    LockId;
    /// A zone (`Zone_ID`).
    ZoneId;
    /// A real estate (`RealEstate_ID`); the root is all zeros.
    RealEstateId;
    /// A locking system (`LockGroup_ID`).
    LockGroupId;
    /// A time profile (`TimeLimitTitle_ID`).
    TimeLimitTitleId;
    /// One weekly period of a time profile (`TimeLimitData_ID`).
    TimeLimitDataId;
    /// A webhook subscription (`SubscriptionId`, chosen by the integrator).
    SubscriptionId;
    /// A lock log entry (`DeviceLog_ID`).
    DeviceLogId;
    /// A person role (`PersonRole_ID`).
    PersonRoleId;
    /// A calendar (`CalendarDataTitle_ID`).
    CalendarDataTitleId;
    /// A calendar entry, recurring entry or exception (`CalendarData_ID`).
    CalendarDataId;
    /// A recurring calendar entry as its exceptions name it (`Re_ID`, `RecurrenceId`).
    CalendarRecurrenceId;
    /// A security role, "code access group" (`SecurityRole_ID`).
    SecurityRoleId;
    /// A network module (`FProgKey_ID`: iLOQ keeps network modules with the programming keys).
    NetworkModuleId;
    /// A device of a network module (`NetworkModuleDevice_ID`).
    NetworkModuleDeviceId;
    /// A relay of a network module device (`NetworkModuleDeviceRelay_ID`).
    NetworkModuleDeviceRelayId;
    /// A key tag, a key/value pair on a key (`Tag_ID`).
    KeyTagId;
    /// A webhook event type (`WebhookEvent.Id`, `WebhookEventId`).
    WebhookEventId;
    /// A webhook payload, one delivery of an event (`WebhookEventPayloadId`).
    WebhookPayloadId;
}
