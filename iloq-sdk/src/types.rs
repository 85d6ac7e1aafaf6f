//! Ids, bit masks and the integer enumerations shared by several resource groups.
//!
//! Values and meanings are from iLOQ's spec as generated in ENK
//! (`lib/Model/*.php`) **\[V\]** unless a doc comment says otherwise.

use crate::macros::{flags, guid_id, int_enum};

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
    /// A webhook subscription (`SubscriptionId`, chosen by the integrator).
    SubscriptionId;
    /// A lock log entry (`DeviceLog_ID`).
    DeviceLogId;
    /// A person role (`PersonRole_ID`).
    PersonRoleId;
}

flags! {
    /// `SetLockgroupResult.RightsMask`: what the API user may do in the
    /// selected locking system (int64 on the wire) **\[V\] ENK SetLockgroupResult**.
    /// Unknown bits are kept; the full list goes up to 2^54.
    pub struct RightsMask(u64) {
        /// Log in to Manager.
        const LOGIN = 1;
        /// View the person list.
        const VIEW_PERSONS = 2;
        /// View the key list.
        const VIEW_KEYS = 512;
        /// View the zone list.
        const VIEW_ZONES = 2048;
        /// Edit persons.
        const EDIT_PERSONS = 65536;
        /// Edit the blocklist.
        const EDIT_BLOCKLIST = 131072;
        /// Edit keys.
        const EDIT_KEYS = 524288;
        /// View the security access list.
        const VIEW_SECURITY_ACCESSES = 2097152;
        /// Edit security accesses.
        const EDIT_SECURITY_ACCESSES = 4194304;
        /// View the blocklist.
        const VIEW_BLOCKLIST = 8388608;
        /// Edit key access.
        const EDIT_KEY_ACCESS = 33554432;
        /// Hand over keys.
        const HAND_OVER_KEYS = 67108864;
        /// Handle key returns.
        const RETURN_KEYS = 134217728;
        /// Order locks.
        const ORDER_LOCKS = 268435456;
        /// Edit lock access.
        const EDIT_LOCK_ACCESS = 536870912;
        /// Browse the lock list.
        const BROWSE_LOCKS = 1073741824;
        /// Administrate the locking system (webhooks need it, per LIV).
        const ADMINISTRATE = 2147483648;
        /// Order keys.
        const ORDER_KEYS = 34359738368;
        /// Browse lock log entries.
        const BROWSE_LOCK_LOGS = 549755813888;
        /// Edit doors' calendar controls.
        const EDIT_CALENDAR_CONTROLS = 2251799813685248;
    }
}

flags! {
    /// `LockGroup.OptionMask`: the locking system's settings **\[V\] ENK**; bit 1's
    /// match with EasySecure's "Key handover without returning" is **\[I\]**.
    pub struct LockGroupOptions(u32) {
        /// "Handed over key can be attached to another person without returning
        /// the key": required to hand keys to persons through the API.
        const HANDOVER_WITHOUT_RETURN = 1;
        /// Zones in use.
        const ZONES = 2;
        /// Real estates in use.
        const REAL_ESTATES = 4;
        /// Tag field visible.
        const TAG_FIELD_VISIBLE = 8;
        /// Tags editable.
        const TAGS_EDITABLE = 16;
        /// Code groups.
        const CODE_GROUPS = 32;
        /// Lock time limits split into key time limits.
        const SPLIT_TIME_LIMITS = 64;
        /// Key PIN.
        const KEY_PIN = 128;
        /// 24-bit mode.
        const MODE_24_BIT = 256;
        /// Zones on keys and persons.
        const ZONES_ON_KEYS = 512;
        /// Key packet valid-from.
        const KEY_PACKET_VALID_FROM = 1024;
        /// "Public API in use": logins fail without it.
        const PUBLIC_API = 2048;
        /// S50 in use.
        const S50 = 4096;
        /// S10 in use.
        const S10 = 8192;
        /// "Can use API access rights": needed to change Type 3 accesses.
        const API_ACCESS_RIGHTS = 16384;
        /// External RFID tags.
        const EXTERNAL_RFID = 32768;
        /// 5 Series in use.
        const FIVE_SERIES = 65536;
        /// Zone-specific blocklist.
        const ZONE_BLOCKLIST = 131072;
        /// iLOQ HOME.
        const ILOQ_HOME = 262144;
        /// Multiple time zones.
        const MULTIPLE_TIME_ZONES = 16777216;
    }
}

flags! {
    /// `Key.KeyTypeMask` **\[V\] ENK KeyTypeMask.php; HEL uses 264**. Accepted
    /// combinations: S5 key 264, S50 fob 10, S50 phone 6, S10 key 9, external
    /// RFID tag 384 (400 after programming).
    pub struct KeyTypeMask(u32) {
        /// S10.
        const S10 = 1;
        /// S50.
        const S50 = 2;
        /// Phone.
        const PHONE = 4;
        /// iLOQ physical key.
        const ILOQ_KEY = 8;
        /// Classic Mifare RFID.
        const MIFARE_CLASSIC = 16;
        /// Desfire.
        const DESFIRE = 32;
        /// Nortec.
        const NORTEC = 64;
        /// Other than an iLOQ physical key.
        const NON_ILOQ = 128;
        /// 5 Series.
        const FIVE_SERIES = 256;
        /// Apartment virtual key.
        const APARTMENT_VIRTUAL = 512;
    }
}

impl KeyTypeMask {
    /// An S5 key (264 = 5 Series + iLOQ key).
    pub const S5_KEY: KeyTypeMask = KeyTypeMask(264);
    /// An S50 key fob (10 = S50 + iLOQ key).
    pub const S50_FOB: KeyTypeMask = KeyTypeMask(10);
    /// An S50 phone key (6 = S50 + phone).
    pub const S50_PHONE: KeyTypeMask = KeyTypeMask(6);
    /// An external RFID tag as inserted (384).
    pub const EXTERNAL_RFID: KeyTypeMask = KeyTypeMask(384);

    /// Whether this is a phone key.
    pub fn is_phone(self) -> bool {
        self.contains(Self::PHONE)
    }

    /// Whether this is a physical S5 key or an S50 fob.
    pub fn is_physical(self) -> bool {
        self.contains(Self::ILOQ_KEY)
    }
}

flags! {
    /// `PublicApiDeviceLogData.TypeMask` / `DeviceLogTypeMask` **\[V\] ENK**. An
    /// open set: the doc's own example "12 = successful S50 phone access" does
    /// not fit bit 8's description, so no exhaustive enum.
    pub struct DeviceLogTypeMask(u32) {
        /// Failed access.
        const FAILED_ACCESS = 1;
        /// Lock programmed.
        const LOCK_PROGRAMMED = 2;
        /// Successful access.
        const SUCCESSFUL_ACCESS = 4;
        /// Closing-reminder lock (key holder response needed).
        const CLOSING_REMINDER = 8;
        /// (S10) key accessed lock.
        const S10_KEY_ACCESS = 1024;
        /// 5 Series key accessed lock.
        const FIVE_SERIES_KEY_ACCESS = 2048;
        /// Unknown or empty key.
        const UNKNOWN_KEY = 4096;
        /// Snap-open.
        const SNAP_OPEN = 8192;
        /// Passage from a lock that does not collect logs.
        const PASSAGE_NO_LOG = 16384;
        /// Key programming task.
        const KEY_PROGRAMMING = 32768;
        /// GoingDate not from the real-time clock.
        const NOT_FROM_RTC = 65536;
        /// Transit date incorrect.
        const TRANSIT_DATE_INCORRECT = 131072;
    }
}

flags! {
    /// `KeyPhone.OptionMask` (FNKeyPhoneOptionMask) **\[V\] ENK**. Only
    /// [`KeyPhoneOptions::USE_EMAIL`] is writable.
    pub struct KeyPhoneOptions(u32) {
        /// Waiting for registration (must be re-registered).
        const WAITING_FOR_REGISTRATION = 1;
        /// Registered.
        const REGISTERED = 2;
        /// MePIN link replace required.
        const MEPIN_REPLACE = 4;
        /// Messages by e-mail instead of SMS ("UseEmail", the only writable bit).
        const USE_EMAIL = 8;
        /// Migrated from MePIN.
        const MIGRATED_FROM_MEPIN = 16;
        /// An authorizer user was created for this key.
        const AUTHORIZER_USER = 32;
    }
}

flags! {
    /// `LocationInfoMask` of a lock log entry **\[V\] ENK**.
    pub struct LocationInfoMask(u32) {
        /// Acquired.
        const ACQUIRED = 1;
        /// Imprecise.
        const IMPRECISE = 2;
        /// Possible fake GPS.
        const POSSIBLE_FAKE_GPS = 4;
        /// No permission.
        const NO_PERMISSION = 8;
        /// Timeout.
        const TIMEOUT = 16;
        /// Location disabled.
        const DISABLED = 32;
    }
}

int_enum! {
    /// `CreateSessionResult.Result` (CreateSessionResultType) **\[V\] values; \[I\]
    /// that the field uses this enum**. Use it for diagnostics only: HEL's real
    /// fixture shows `Result: 0` on success, so a non-empty `SessionID` is what
    /// means success.
    pub enum CreateSessionResultType {
        /// No result.
        NoResult = 0 => "no result",
        /// Successful login.
        Successful = 1 => "successful login",
        /// Invalid WebService interface version.
        InvalidInterfaceVersion = 2 => "invalid WebService interface version",
        /// HTTPS required.
        HttpsRequired = 3 => "HTTPS required",
        /// DB update in progress; login temporarily disabled.
        DbUpdateInProgress = 4 => "database update in progress; login temporarily disabled",
        /// Invalid credentials or customer code.
        InvalidCredentials = 5 => "invalid credentials or customer code",
        /// DB version too low (wrong server address?).
        DbVersionTooLow = 6 => "database version too low (wrong server address?)",
        /// Credentials locked out (first time).
        LockedOut = 7 => "credentials locked out",
        /// Login ignored; credentials already locked.
        AlreadyLocked = 8 => "login ignored; credentials already locked",
        /// Password expired or reset requested.
        PasswordExpired = 9 => "password expired or reset requested",
        /// User cancelled (SSO).
        UserCancelled = 10 => "user cancelled (SSO)",
        /// DB version too high (wrong server address?).
        DbVersionTooHigh = 11 => "database version too high (wrong server address?)",
    }
}

int_enum! {
    /// `LockGroup.State` **\[V\] ENK**.
    pub enum LockGroupState {
        /// Active.
        Active = 0 => "active",
        /// Not in use.
        NotInUse = 1 => "not in use",
    }
}
