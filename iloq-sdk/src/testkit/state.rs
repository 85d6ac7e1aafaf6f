//! The simulator's state: the locking system as plain structs of the
//! simulator's own, indexed by id (and persons by external id, keys by person,
//! ROM id and phone number), so a lookup costs the same with 10,000 persons as
//! with 100.
//!
//! Nothing here is one of the SDK's serde types: requests are read from
//! `serde_json::Value` by iLOQ's documented JSON names and answers are written
//! by hand with `json!`, so a serialisation bug the SDK makes symmetrically
//! (the same wrong name written and read) cannot hide behind the simulator.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Value, json};
use sha2::Sha256;
use uuid::Uuid;

/// The seeded ids: `10000000-0000-4000-8000-<n as 12 hex digits>`.
pub(crate) fn seed_id(n: u128) -> Uuid {
    Uuid::from_u128(0x1000_0000_0000_4000_8000_0000_0000_0000 + n)
}

/// The ids of generated persons (`SimConfig::persons`):
/// `50000000-0000-4000-8000-<n as 12 hex digits>`.
pub(crate) fn generated_id(n: usize) -> Uuid {
    Uuid::from_u128(0x5000_0000_0000_4000_8000_0000_0000_0000 + n as u128)
}

/// The external id of generated person `n`.
pub(crate) fn generated_external_id(n: usize) -> String {
    format!("GEN-{n:05}")
}

/// The seeded locking system's `OptionMask`: 1 handover without return |
/// 2 zones | 2048 Public API | 4096 S50 | 16384 API access rights | 65536 5 Series.
pub(crate) const SEED_OPTIONS: u32 = 1 | 2 | 2048 | 4096 | 16384 | 65536;

/// `/LockLogs` answers at most this many rows (and the `TotalCount`) **\[V\]** ENK.
pub(crate) const LOCK_LOGS_MAX_ROWS: usize = 2000;

/// Writes a UTC time as iLOQ's examples do: `2025-05-20T00:00:00Z`, with
/// fraction digits only when there are some.
pub(crate) fn format_utc(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Reads a UTC time as iLOQ accepts it: RFC 3339, or without an offset (with
/// or without `Z`, any fraction digits).
pub(crate) fn parse_utc(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let s = s.strip_suffix(['Z', 'z']).unwrap_or(s);
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|n| n.and_utc())
}

/// `Hmac-SHA256(body, sign_key)` in lower-case hex, as iLOQ signs a webhook
/// delivery (`Webhook-Signature`) **\[V\]** ENK README.
pub(crate) fn webhook_signature(body: &[u8], sign_key: &str) -> String {
    match Hmac::<Sha256>::new_from_slice(sign_key.as_bytes()) {
        Ok(mut mac) => {
            mac.update(body);
            hex::encode(mac.finalize().into_bytes())
        }
        // HMAC takes a key of any length; this arm is never taken.
        Err(_) => String::new(),
    }
}

/// A string field of a JSON object (`None` when missing, `null` or not a string).
pub(crate) fn text(value: &Value, field: &str) -> Option<String> {
    value.get(field).and_then(Value::as_str).map(str::to_string)
}

/// A session handed out by `CreateSession`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimSession {
    /// The locking system `SetLockgroup` selected, if any yet.
    pub lock_group: Option<Uuid>,
    /// The last call (sessions expire after the idle lifetime).
    pub last_used: DateTime<Utc>,
}

/// A person, with every field of iLOQ's `Person` model.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct SimPerson {
    pub id: Uuid,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub person_code: Option<String>,
    pub external_id: Option<String>,
    pub email: Option<String>,
    pub phone1: Option<String>,
    pub phone2: Option<String>,
    pub phone3: Option<String>,
    pub address: Option<String>,
    pub zip_code: Option<String>,
    pub post_office: Option<String>,
    pub country: Option<String>,
    pub company_name: Option<String>,
    pub work_title: Option<String>,
    pub contact_info: Option<String>,
    pub description: Option<String>,
    pub language_code: Option<String>,
    /// As sent (iLOQ's date-time text).
    pub employment_end: Option<String>,
    pub external_can_edit: bool,
    /// `PersonState` (read-only for callers).
    pub state: i64,
}

impl SimPerson {
    /// The writable fields of a `Person`/`PersonInsert`/`PersonUpdate` body;
    /// `Person_ID` and `State` are the caller's to set.
    pub fn from_json(id: Uuid, p: &Value) -> Self {
        Self {
            id,
            first_name: text(p, "FirstName"),
            last_name: text(p, "LastName"),
            person_code: text(p, "PersonCode"),
            external_id: text(p, "ExternalPersonId"),
            email: text(p, "eMail"),
            phone1: text(p, "Phone1"),
            phone2: text(p, "Phone2"),
            phone3: text(p, "Phone3"),
            address: text(p, "Address"),
            zip_code: text(p, "ZipCode"),
            post_office: text(p, "PostOffice"),
            country: text(p, "Country"),
            company_name: text(p, "CompanyName"),
            work_title: text(p, "WorkTitle"),
            contact_info: text(p, "ContactInfo"),
            description: text(p, "Description"),
            language_code: text(p, "LanguageCode"),
            employment_end: text(p, "EmploymentEndDate"),
            external_can_edit: p
                .get("ExternalCanEdit")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            state: 0,
        }
    }

    /// iLOQ's `Person`.
    pub fn to_json(&self) -> Value {
        json!({
            "Person_ID": self.id,
            "FirstName": self.first_name,
            "LastName": self.last_name,
            "PersonCode": self.person_code,
            "ExternalPersonId": self.external_id,
            "eMail": self.email,
            "Phone1": self.phone1,
            "Phone2": self.phone2,
            "Phone3": self.phone3,
            "Address": self.address,
            "ZipCode": self.zip_code,
            "PostOffice": self.post_office,
            "Country": self.country,
            "CompanyName": self.company_name,
            "WorkTitle": self.work_title,
            "ContactInfo": self.contact_info,
            "Description": self.description,
            "LanguageCode": self.language_code,
            "EmploymentEndDate": self.employment_end,
            "ExternalCanEdit": self.external_can_edit,
            "State": self.state,
        })
    }

    /// `First Last`, as a lock log names the key's holder.
    pub fn full_name(&self) -> String {
        format!(
            "{} {}",
            self.first_name.as_deref().unwrap_or(""),
            self.last_name.as_deref().unwrap_or("")
        )
    }
}

/// One weekly period of a time-limit slot (`KeyTimeLimitData`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimPeriod {
    pub week_days: i64,
    pub start_ms: i64,
    pub end_ms: i64,
}

/// A key's time-limit slot (`KeyTimeLimitSlot`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimSlot {
    pub slot_no: i64,
    pub limit_date: Option<String>,
    pub title: Option<Uuid>,
    pub title_start: Option<String>,
    pub title_end: Option<String>,
    pub periods: Option<Vec<SimPeriod>>,
    pub time_zone: Option<String>,
    /// `SourceCalendarData_ID`: set when the key scheduler made the slot.
    pub source_calendar: Option<Uuid>,
}

impl SimSlot {
    /// A slot as sent (`SourceCalendarData_ID`, read-only, is kept when a
    /// full replace sends a scheduler's slot back as it was read).
    pub fn from_json(v: &Value) -> Self {
        Self {
            slot_no: v.get("SlotNo").and_then(Value::as_i64).unwrap_or(0),
            limit_date: text(v, "LimitDateLg"),
            title: text(v, "TimeLimitTitle_ID").and_then(|s| Uuid::parse_str(&s).ok()),
            title_start: text(v, "TimeLimitTitleStartDateLg"),
            title_end: text(v, "TimeLimitTitleEndDateLg"),
            periods: v.get("TimeLimitData").and_then(Value::as_array).map(|a| {
                a.iter()
                    .map(|p| SimPeriod {
                        week_days: p.get("WeekDayMask").and_then(Value::as_i64).unwrap_or(0),
                        start_ms: p.get("StartTimeMS").and_then(Value::as_i64).unwrap_or(0),
                        end_ms: p.get("EndTimeMS").and_then(Value::as_i64).unwrap_or(0),
                    })
                    .collect()
            }),
            time_zone: text(v, "TimeZone_ID"),
            source_calendar: text(v, "SourceCalendarData_ID")
                .and_then(|s| Uuid::parse_str(&s).ok()),
        }
    }

    /// iLOQ's `KeyTimeLimitSlot`.
    pub fn to_json(&self) -> Value {
        let periods = self.periods.as_ref().map(|ps| {
            ps.iter()
                .map(|p| {
                    json!({"WeekDayMask": p.week_days, "StartTimeMS": p.start_ms, "EndTimeMS": p.end_ms})
                })
                .collect::<Vec<_>>()
        });
        json!({
            "SlotNo": self.slot_no,
            "LimitDateLg": self.limit_date,
            "TimeLimitTitle_ID": self.title,
            "TimeLimitTitleStartDateLg": self.title_start,
            "TimeLimitTitleEndDateLg": self.title_end,
            "TimeLimitData": periods,
            "TimeZone_ID": self.time_zone,
            "SourceCalendarData_ID": self.source_calendar,
        })
    }
}

/// A key's renewal schedule (`KeyScheduler`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimScheduler {
    /// As sent (iLOQ's date-time text).
    pub renew_end: Option<String>,
    pub gap_count: i64,
    pub gap_type: i64,
    pub renew_minute: i64,
}

impl SimScheduler {
    /// The `KeyScheduler` of a request (`None` for `null` or a missing one).
    pub fn from_json(v: &Value) -> Option<Self> {
        let int = |f: &str| v.get(f).and_then(Value::as_i64).unwrap_or(0);
        v.is_object().then(|| Self {
            renew_end: text(v, "RenewEndDate"),
            gap_count: int("RenewGapCount"),
            gap_type: int("RenewGapType"),
            renew_minute: int("RenewMinute"),
        })
    }

    /// iLOQ's `KeyScheduler`.
    pub fn to_json(&self) -> Value {
        json!({
            "RenewEndDate": self.renew_end, "RenewGapCount": self.gap_count,
            "RenewGapType": self.gap_type, "RenewMinute": self.renew_minute,
        })
    }
}

/// A key: an S5 key, an S50 fob or a phone key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimKey {
    pub id: Uuid,
    /// The holder; change it only through [`State::set_key_person`] (indexed).
    pub person: Option<Uuid>,
    pub key_type: u32,
    pub description: String,
    pub info_text: Option<String>,
    pub expire_date: Option<String>,
    /// 0 planning, 1 handed over, 3 deleted, 4 returned.
    pub state: i64,
    /// `ProgrammingState`: 0 planning, 1 ordered, 3 programmed, ...
    pub prog: i64,
    pub is_programmed: bool,
    pub ever_ordered: bool,
    pub rom_id: String,
    pub stamp: String,
    pub tag_key: String,
    pub planned: BTreeSet<Uuid>,
    pub programmed: BTreeSet<Uuid>,
    pub zones: Vec<Uuid>,
    pub main_zone: Option<Uuid>,
    /// Change it only through [`State::set_key_phone`] (indexed).
    pub phone: Option<String>,
    pub email: Option<String>,
    pub phone_options: u32,
    pub blocklisted: bool,
    pub slots: Vec<SimSlot>,
    /// `OfflineExpirationSeconds` of the last access-rights replace (0: unlimited).
    pub offline_expiration: i64,
    /// `KeyScheduler` of the last access-rights replace.
    pub scheduler: Option<SimScheduler>,
    /// `OutsideUserZoneTimeLimitTitleSlots`: slots outside the API user's zones.
    pub outside_slots: Option<Vec<i64>>,
    /// When the key was added to the blocklist.
    pub blocklisted_at: Option<DateTime<Utc>>,
    pub location_reporting: bool,
}

impl SimKey {
    pub fn new(id: Uuid, key_type: u32, description: &str, rom: &str) -> Self {
        Self {
            id,
            person: None,
            key_type,
            description: description.into(),
            info_text: Some(String::new()),
            expire_date: None,
            state: 0,
            prog: 0,
            is_programmed: false,
            ever_ordered: false,
            rom_id: rom.into(),
            stamp: String::new(),
            tag_key: String::new(),
            planned: BTreeSet::new(),
            programmed: BTreeSet::new(),
            zones: Vec::new(),
            main_zone: None,
            phone: None,
            email: None,
            phone_options: 0,
            blocklisted: false,
            slots: Vec::new(),
            offline_expiration: 0,
            scheduler: None,
            outside_slots: None,
            blocklisted_at: None,
            location_reporting: false,
        }
    }

    /// KeyTypeMask bit 4: an S50 phone key.
    pub fn is_phone(&self) -> bool {
        self.key_type & 4 != 0
    }

    /// Any change puts the key back in planning.
    pub fn touch(&mut self) {
        self.prog = 0;
    }

    /// iLOQ's `Key`.
    pub fn to_json(&self) -> Value {
        json!({
            "FNKey_ID": self.id,
            "Person_ID": self.person,
            "RealEstate_ID": Uuid::nil(),
            "Description": self.description,
            "InfoText": self.info_text,
            "ExpireDate": self.expire_date,
            "KeyTypeMask": self.key_type,
            "State": self.state,
            "ProgrammingState": self.prog,
            "IsProgrammed": self.is_programmed,
            "ROM_ID": self.rom_id,
            "Stamp": self.stamp,
            "StampSource": 0,
            "TagKey": self.tag_key,
            "TagKeyHex": "",
            "TagKeySource": 0,
            "VersionCode": "1",
        })
    }

    /// `CanOrderKeyResultType`.
    pub fn can_order(&self) -> i64 {
        if self.blocklisted {
            8
        } else if self.prog != 0 {
            4
        } else if self.is_phone() && self.person.is_none() {
            13
        } else if self.is_phone()
            && self.phone_options & 8 != 0
            && self.email.as_deref().unwrap_or("").is_empty()
        {
            10
        } else if self.is_phone()
            && self.phone_options & 8 == 0
            && self.phone.as_deref().unwrap_or("").is_empty()
        {
            9
        } else {
            0
        }
    }

    /// `CanReturnKeyResultType`.
    pub fn can_return(&self) -> i64 {
        if self.key_type & (4 | 128) == 0 {
            2
        } else if self.blocklisted {
            4
        } else if !self.ever_ordered {
            3
        } else {
            0
        }
    }

    /// `CanDeleteKeyResult`.
    pub fn can_delete(&self) -> i64 {
        if self.blocklisted {
            3
        } else if self.is_programmed {
            1
        } else if self.ever_ordered {
            2
        } else {
            0
        }
    }

    /// `CanAddTimeLimit` for `slot` (the `TimeLimitSlot` of the request): 15
    /// blocklisted, 14 a `SlotNo` other than 0, 1, 2, 9 slot 2 without a
    /// `TimeLimitTitle_ID`, 7 a time off the 15-minute steps, else 0.
    pub fn can_add_slot(&self, slot: &Value) -> i64 {
        if self.blocklisted {
            return 15;
        }
        let slot_no = slot.get("SlotNo").and_then(Value::as_i64).unwrap_or(-1);
        if !(0..=2).contains(&slot_no) {
            return 14;
        }
        let titled = slot
            .get("TimeLimitTitle_ID")
            .and_then(Value::as_str)
            .is_some_and(|t| Uuid::parse_str(t).is_ok());
        if slot_no == 2 && !titled {
            return 9;
        }
        let step = 15 * 60 * 1000;
        let bad = slot
            .get("TimeLimitData")
            .and_then(Value::as_array)
            .is_some_and(|periods| {
                periods.iter().any(|p| {
                    let ms = |f: &str| p.get(f).and_then(Value::as_u64).unwrap_or(0);
                    ms("StartTimeMS") % step != 0 || ms("EndTimeMS") % step != 0
                })
            });
        if bad { 7 } else { 0 }
    }

    /// The invite an order or `ReRegister` sends: by email when OptionMask
    /// bit 8 (UseEmail) is set, else by SMS.
    pub fn invite(&self) -> SimInvite {
        if self.phone_options & 8 != 0 {
            SimInvite {
                key: self.id,
                channel: InviteChannel::Email,
                address: self.email.clone().unwrap_or_default(),
            }
        } else {
            SimInvite {
                key: self.id,
                channel: InviteChannel::Sms,
                address: self.phone.clone().unwrap_or_default(),
            }
        }
    }
}

/// A security access ("access right").
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimAccess {
    pub id: Uuid,
    pub name: String,
    /// 1 Standard, 3 API access.
    pub access_type: i64,
    pub zone: Option<Uuid>,
    pub description: Option<String>,
    pub real_estate: Uuid,
    pub access_mode: i64,
    pub default_access: i64,
    pub ext: i64,
    pub ext_description: Option<String>,
    pub parent: Option<Uuid>,
    pub version: Option<i64>,
}

impl SimAccess {
    /// An active access with iLOQ's defaults (shown, not a lock default, no conditions).
    pub fn new(id: Uuid, name: &str, access_type: i64, zone: Uuid) -> Self {
        Self {
            id,
            name: name.into(),
            access_type,
            zone: Some(zone),
            description: Some(String::new()),
            real_estate: Uuid::nil(),
            access_mode: 0,
            default_access: 0,
            ext: 0,
            ext_description: None,
            parent: None,
            version: Some(1),
        }
    }

    /// iLOQ's `SecurityAccess`.
    pub fn to_json(&self) -> Value {
        json!({
            "SecurityAccess_ID": self.id, "Name": self.name, "Description": self.description,
            "RealEstate_ID": self.real_estate, "Zone_ID": self.zone, "Type": self.access_type,
            "Status": 0, "AccessMode": self.access_mode, "DefaultAccess": self.default_access,
            "Ext": self.ext, "ExtDescription": self.ext_description,
            "ParentSecurityAccess_ID": self.parent, "VersionNr": self.version
        })
    }
}

/// A zone.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimZone {
    pub id: Uuid,
    pub name: String,
    /// 1 customer zone, 2 locks, 4 keys and persons (the default).
    pub zone_type: i64,
}

impl SimZone {
    /// iLOQ's `Zone`.
    pub fn to_json(&self) -> Value {
        json!({
            "Zone_ID": self.id, "Name": self.name, "Description": "",
            "TimeZone_ID": "W. Europe Standard Time", "Type": self.zone_type
        })
    }
}

/// The nullable texts of a lock (`Lock`, `LockInsert`, `LockUpdate`), by JSON name.
pub(crate) const LOCK_TEXTS: [&str; 15] = [
    "Direction",
    "DoorThickness",
    "DoorType",
    "ExtentionPiece",
    "Handed",
    "KeyChamber",
    "LockFramework",
    "LockFrameworkDepth",
    "Mounting",
    "OtherEquipment",
    "Stamp",
    "ExtDescription",
    "LockCode",
    "LockSettings",
    "ManufacturingInfo",
];

/// A lock's option flags (`LLockOptionMaskParam`), by JSON name.
pub(crate) const LOCK_OPTIONS: [&str; 7] = [
    "S10CollectAuditTrail",
    "S40AcceptSoftGroup",
    "S40FlipFlop",
    "S40LoggingOn",
    "S40OnlineRequiredHard",
    "S40OnlineRequiredSoft",
    "SaveOnlineLockAuditTrail",
];

/// A lock, with its security accesses (and their relay masks), time profiles
/// and options.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimLock {
    pub id: Uuid,
    pub zone: Uuid,
    pub real_estate: Uuid,
    /// `Description`.
    pub name: String,
    pub locking_object: Option<String>,
    pub location_code: Option<String>,
    pub serial: i64,
    pub lock_type: i64,
    /// `PhysicalState`: 0 planning, 1 installed, 2 not in use, 3 hidden.
    pub physical_state: i64,
    pub ext: i64,
    /// [`LOCK_TEXTS`] that are set.
    #[serde(deserialize_with = "lock_texts")]
    pub texts: BTreeMap<&'static str, String>,
    pub default_program_station: Option<Uuid>,
    /// `HwVersion`, `SwVersion`, `MechVersion`, `DataVersion`.
    pub versions: [i64; 4],
    pub clock_installed: bool,
    pub clock_installed_utc: Option<String>,
    /// [`LOCK_OPTIONS`] that are on.
    #[serde(deserialize_with = "lock_options")]
    pub options: BTreeSet<&'static str>,
    /// Security access → `RelayMask`.
    pub accesses: BTreeMap<Uuid, Option<i64>>,
    pub titles: BTreeSet<Uuid>,
    pub respects_all_time_limits: bool,
}

impl SimLock {
    /// An installed S5 Online lock named `name` with no options.
    pub fn new(id: Uuid, zone: Uuid, name: &str, location_code: &str, serial: i64) -> Self {
        Self {
            id,
            zone,
            real_estate: Uuid::nil(),
            name: name.into(),
            locking_object: Some(name.into()),
            location_code: Some(location_code.into()),
            serial,
            lock_type: 4,
            physical_state: 1,
            ext: 0,
            texts: BTreeMap::new(),
            default_program_station: None,
            versions: [0; 4],
            clock_installed: false,
            clock_installed_utc: None,
            options: BTreeSet::new(),
            accesses: BTreeMap::new(),
            titles: BTreeSet::new(),
            respects_all_time_limits: false,
        }
    }

    /// The fields `Lock` and `Lock2` share.
    fn common_json(&self, empty: Value) -> serde_json::Map<String, Value> {
        let mut m = serde_json::Map::new();
        for t in LOCK_TEXTS {
            m.insert(
                t.into(),
                self.texts.get(t).map_or(empty.clone(), |v| json!(v)),
            );
        }
        let more = json!({
            "FLock_ID": self.id, "Zone_ID": self.zone,
            "Description": self.name, "LocationCode": self.location_code.clone().map_or(empty.clone(), Value::from),
            "LockingObject": self.locking_object.clone().map_or(empty.clone(), Value::from),
            "LockType": self.lock_type, "PhysicalState": self.physical_state,
            "SerialNumber": self.serial, "LockState": 0, "Ext": self.ext,
            "HwVersion": self.versions[0], "SwVersion": self.versions[1],
            "MechVersion": self.versions[2], "DataVersion": self.versions[3],
            "ClockInstalled": self.clock_installed, "ClockInstalledDateUtc": self.clock_installed_utc,
            "DefaultProgramStationFProgKey_ID": self.default_program_station,
            "FloorPlan_ID": null, "FloorPlanPointX": 0.0, "FloorPlanPointY": 0.0,
            "MAC": empty, "NetworkModuleDevice_ID": null,
        });
        if let Value::Object(more) = more {
            m.extend(more);
        }
        m
    }

    /// iLOQ's `Lock` (note `RealEstate_Id` with a lower-case `d`).
    pub fn to_json(&self) -> Value {
        let mut m = self.common_json(Value::Null);
        m.insert("RealEstate_Id".into(), json!(self.real_estate));
        Value::Object(m)
    }

    /// iLOQ's `Lock2`, the answer of an insert (`RealEstate_ID`; its texts
    /// are not nullable: empty when unset).
    pub fn to_lock2_json(&self) -> Value {
        let mut m = self.common_json(json!(""));
        m.insert("RealEstate_ID".into(), json!(self.real_estate));
        Value::Object(m)
    }

    /// iLOQ's `LLockOptionMaskParam`.
    pub fn options_json(&self) -> Value {
        Value::Object(
            LOCK_OPTIONS
                .iter()
                .map(|o| ((*o).to_string(), json!(self.options.contains(o))))
                .collect(),
        )
    }

    /// Applies a `LockOptions` object: a `null` leaves the option as it is.
    pub fn apply_options(&mut self, options: &Value) {
        for o in LOCK_OPTIONS {
            match options.get(o).and_then(Value::as_bool) {
                Some(true) => {
                    self.options.insert(o);
                }
                Some(false) => {
                    self.options.remove(o);
                }
                None => {}
            }
        }
    }
}

/// One weekly period of a time profile (`TimeLimitData`), times in ms from midnight.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimTitleData {
    pub id: Uuid,
    pub week_days: i64,
    pub start_ms: i64,
    pub end_ms: i64,
}

/// Writes milliseconds from midnight as a .NET `TimeSpan` (`08:00:00`, a
/// whole day `1.00:00:00`).
pub(crate) fn format_timespan(ms: i64) -> String {
    if ms >= 86_400_000 {
        return "1.00:00:00".into();
    }
    let s = ms / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// Reads a .NET `TimeSpan` (`[d.]hh:mm[:ss[.f]]`) as milliseconds from midnight.
pub(crate) fn parse_timespan(text: &str) -> Option<i64> {
    let (days, rest) = match text.trim().split_once('.') {
        Some((d, rest)) if rest.contains(':') && !d.contains(':') => (d.parse::<i64>().ok()?, rest),
        _ => (0, text.trim()),
    };
    let mut parts = rest.split(':');
    let h: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let sec: f64 = parts.next().map_or(Some(0.0), |s| s.parse().ok())?;
    if !(0..24).contains(&h) || !(0..60).contains(&m) || !(0.0..60.0).contains(&sec) {
        return None;
    }
    Some(days * 86_400_000 + (h * 3600 + m * 60) * 1000 + (sec * 1000.0).round() as i64)
}

/// A time profile (`TimeLimitTitle`) and its periods.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimTitle {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub zone: Uuid,
    pub real_estate: Uuid,
    pub option_mask: i64,
    pub start: Option<String>,
    pub end: Option<String>,
    pub data: Vec<SimTitleData>,
}

impl SimTitle {
    /// iLOQ's `TimeLimitTitle` (`OptionMask`, `RealEstate_ID` and `Zone_ID`
    /// are not nullable).
    pub fn to_json(&self) -> Value {
        json!({
            "TimeLimitTitle_ID": self.id,
            "Name": self.name,
            "Description": self.description,
            "OptionMask": self.option_mask,
            "RealEstate_ID": self.real_estate,
            "Zone_ID": self.zone,
            "StartDateLg": self.start,
            "EndDateLg": self.end,
        })
    }

    /// iLOQ's `TimeLimitData[]` of the profile.
    pub fn data_json(&self) -> Value {
        Value::Array(
            self.data
                .iter()
                .map(|d| {
                    json!({
                        "TimeLimitData_ID": d.id, "TimeLimitTitle_ID": self.id,
                        "WeekDayMask": d.week_days,
                        "StartTime": format_timespan(d.start_ms), "EndTime": format_timespan(d.end_ms),
                    })
                })
                .collect(),
        )
    }
}

/// A person role (read only through the API; persons are linked in Manager).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimPersonRole {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    /// The security accesses the role grants.
    pub accesses: BTreeSet<Uuid>,
    /// The persons who have the role.
    pub persons: BTreeSet<Uuid>,
}

impl SimPersonRole {
    /// iLOQ's `PersonRole`.
    pub fn to_json(&self) -> Value {
        json!({ "PersonRole_ID": self.id, "Name": self.name, "Description": self.description })
    }
}

/// A security role, "code access group".
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimSecurityRole {
    pub id: Uuid,
    pub name: Option<String>,
    pub description: Option<String>,
    /// Never answered (`OnlineAccessCode` is empty when read).
    pub online_access_code: Option<String>,
    pub relay_ms: i64,
    pub real_estate: Uuid,
    pub type_mask: i64,
    pub zone: Option<Uuid>,
    /// Persons linked to the role (in Manager: the API cannot link them).
    pub persons: BTreeSet<Uuid>,
    /// Linked to calendar data outside the API user's zones.
    pub outside_calendar_data: bool,
}

impl SimSecurityRole {
    /// A role from a `SecurityRole` body (`id` is the caller's to choose).
    pub fn from_json(id: Uuid, v: &Value) -> Self {
        Self {
            id,
            name: text(v, "Name"),
            description: text(v, "Description"),
            online_access_code: text(v, "OnlineAccessCode"),
            relay_ms: v
                .get("OnlineRelayOperatingTimeMs")
                .and_then(Value::as_i64)
                .unwrap_or(0),
            real_estate: text(v, "RealEstate_ID")
                .and_then(|s| Uuid::parse_str(&s).ok())
                .unwrap_or_default(),
            type_mask: v.get("TypeMask").and_then(Value::as_i64).unwrap_or(0),
            zone: text(v, "Zone_ID").and_then(|s| Uuid::parse_str(&s).ok()),
            persons: BTreeSet::new(),
            outside_calendar_data: false,
        }
    }

    /// iLOQ's `SecurityRole` (the access code is never answered here).
    pub fn to_json(&self) -> Value {
        json!({
            "SecurityRole_ID": self.id, "Name": self.name, "Description": self.description,
            "OnlineAccessCode": "", "OnlineRelayOperatingTimeMs": self.relay_ms,
            "RealEstate_ID": self.real_estate, "TypeMask": self.type_mask, "Zone_ID": self.zone,
        })
    }

    /// `CanDeleteSecurityRole`: 0 OK, 1 linked to a person, 2 calendar data
    /// outside the user's zones.
    pub fn can_delete(&self) -> i64 {
        if !self.persons.is_empty() {
            1
        } else if self.outside_calendar_data {
            2
        } else {
            0
        }
    }
}

/// A key tag (`FNKeyTag`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimKeyTag {
    pub id: Uuid,
    /// The key; change it only through [`State::insert_key_tag`] (indexed).
    pub key: Uuid,
    pub name: Option<String>,
    pub value: Option<String>,
    pub save_to_audit_trail: bool,
}

impl SimKeyTag {
    /// A tag from an `FNKeyTag` body (`Tag_ID` and `FNKey_ID` read by the caller).
    pub fn from_json(id: Uuid, key: Uuid, v: &Value) -> Self {
        Self {
            id,
            key,
            name: text(v, "Key"),
            value: text(v, "Value"),
            save_to_audit_trail: v
                .get("SaveToKeyAuditTrail")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        }
    }

    /// iLOQ's `FNKeyTag`.
    pub fn to_json(&self) -> Value {
        json!({
            "Tag_ID": self.id, "FNKey_ID": self.key, "Key": self.name, "Value": self.value,
            "SaveToKeyAuditTrail": self.save_to_audit_trail,
        })
    }
}

/// A lock log entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimLog {
    pub id: Uuid,
    pub lock: Uuid,
    pub key: Option<Uuid>,
    pub type_mask: u32,
    /// The access time.
    pub going: DateTime<Utc>,
    /// The arrival at the server (`TimestampUtc`).
    pub timestamp: DateTime<Utc>,
}

impl SimLog {
    /// iLOQ's `LockLogData` (the `GetLockLogData*` calls and webhooks).
    pub fn data_json(&self, lock_group: Uuid) -> Value {
        json!({
            "DeviceLog_ID": self.id, "FLock_ID": self.lock, "FNKey_ID": self.key, "LockGroup_ID": lock_group,
            "AccessTypeMask": self.type_mask, "ErrorCode": if self.type_mask & 1 != 0 { 1 } else { 0 },
            "ErrorDescription": null, "GoingCounter": 1, "GoingDate": format_utc(&self.going),
            "ReadingDate": format_utc(&self.timestamp),
            // iLOQ sends 7 fraction digits and sometimes no Z; the simulator does both.
            "TimestampUtc": format!(
                "{}.{:07}",
                self.timestamp.format("%Y-%m-%dT%H:%M:%S"),
                self.timestamp.timestamp_subsec_nanos() / 100
            ),
            "KeyId": 1, "LocationCode": "A1", "LockingObject": "Main entrance", "FLockLogFNKey_ID": self.id
        })
    }
}

/// Reads a local time as iLOQ accepts it (`yyyy-MM-ddTHH:mm:ss`, any fraction
/// digits, a trailing `Z` or offset ignored): the calendar fields.
pub(crate) fn parse_local(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.naive_local());
    }
    let s = s.strip_suffix(['Z', 'z']).unwrap_or(s);
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").ok()
}

/// A calendar (`CalendarDataTitle`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimCalendar {
    pub id: Uuid,
    pub name: Option<String>,
    pub description: Option<String>,
    pub option_mask: i64,
    pub real_estate: Uuid,
    pub reservable_weeks: i64,
    pub reservation_target: i64,
    pub calendar_type: i64,
    pub zone: Uuid,
    /// Its entries (in `State::calendar_datas`); kept by the `State` methods.
    pub datas: BTreeSet<Uuid>,
    /// The relays it drives; kept by [`State::set_calendar_relays`].
    pub relays: BTreeSet<Uuid>,
}

impl SimCalendar {
    /// iLOQ's `CalendarDataTitle`.
    pub fn to_json(&self) -> Value {
        json!({
            "CalendarDataTitle_ID": self.id,
            "Description": self.description,
            "Name": self.name,
            "OptionMask": self.option_mask,
            "RealEstate_ID": self.real_estate,
            "ReservablePeriodLengthWeeks": self.reservable_weeks,
            "ReservationTargetType": self.reservation_target,
            "Type": self.calendar_type,
            "Zone_ID": self.zone,
        })
    }
}

/// What kind of calendar entry a [`SimCalendarData`] is, with its own fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) enum SimCalendarKind {
    /// `CalendarDataEntry`.
    Entry,
    /// `CalendarDataRecurringEntry`: the `Re_*` fields (dates as sent).
    Recurring {
        re_id: Uuid,
        duration_ticks: i64,
        occurrence_start: String,
        days_of_week: i64,
        frequency: i64,
        range_end: String,
        range_limit: i64,
        range_start: String,
    },
    /// `CalendarDataRecurringEntryException`.
    Exception {
        removed: bool,
        original_start: Option<String>,
        recurrence: Uuid,
    },
}

impl SimCalendarKind {
    /// The name iLOQ's answers use for the kind (`Entry`, `RecurringEntry`, ...).
    pub fn label(&self) -> &'static str {
        match self {
            Self::Entry => "Entry",
            Self::Recurring { .. } => "RecurringEntry",
            Self::Exception { .. } => "RecurringEntryException",
        }
    }
}

/// A calendar entry of any kind, with the security roles linked to it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimCalendarData {
    pub id: Uuid,
    pub calendar: Uuid,
    pub start: Option<String>,
    pub end: Option<String>,
    pub subject: Option<String>,
    /// `CalendarDataType`: 0 relay on, 1 security role PIN, 2 key PIN, 3 K5.
    pub data_type: i64,
    pub kind: SimCalendarKind,
    /// Linked security roles; kept by the `State` methods (indexed by role).
    pub roles: BTreeSet<Uuid>,
}

impl SimCalendarData {
    /// iLOQ's model of the entry's kind (`CalendarDataEntry`,
    /// `CalendarDataRecurringEntry` or `CalendarDataRecurringEntryException`).
    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "CalendarData_ID": self.id,
            "CalendarDataTitle_ID": self.calendar,
            "EndDateTime": self.end,
            "StartDateTime": self.start,
            "Subject": self.subject,
            "Type": self.data_type,
        });
        let extra = match &self.kind {
            SimCalendarKind::Entry => json!({}),
            SimCalendarKind::Recurring {
                re_id,
                duration_ticks,
                occurrence_start,
                days_of_week,
                frequency,
                range_end,
                range_limit,
                range_start,
            } => json!({
                "Re_ID": re_id,
                "Re_OccurrenceDurationTicks": duration_ticks,
                "Re_OccurrenceStartTime": occurrence_start,
                "Re_PatternDaysOfWeek": days_of_week,
                "Re_PatternFrequency": frequency,
                "Re_RangeEndDate": range_end,
                "Re_RangeLimit": range_limit,
                "Re_RangeStartDate": range_start,
            }),
            SimCalendarKind::Exception {
                removed,
                original_start,
                recurrence,
            } => json!({
                "A_IsRemoved": removed,
                "OriginalStartDateTime": original_start,
                "RecurrenceId": recurrence,
            }),
        };
        if let (Some(v), Value::Object(extra)) = (v.as_object_mut(), extra) {
            v.extend(extra);
        }
        v
    }

    /// The time span the entry covers, for the `startDate`/`endDate` filter: a
    /// recurring entry its range (open-ended with `Re_RangeLimit` 0), a removed
    /// occurrence its original start.
    pub fn span(&self) -> (Option<NaiveDateTime>, Option<NaiveDateTime>) {
        let t = |s: &Option<String>| s.as_deref().and_then(parse_local);
        match &self.kind {
            SimCalendarKind::Recurring {
                range_start,
                range_end,
                range_limit,
                ..
            } => (
                parse_local(range_start),
                if *range_limit == 0 {
                    None
                } else {
                    parse_local(range_end)
                },
            ),
            SimCalendarKind::Exception {
                removed: true,
                original_start,
                ..
            } => (t(original_start), t(original_start)),
            _ => (t(&self.start), t(&self.end)),
        }
    }
}

/// A network module (`NetworkModule`; iLOQ's `FProgKey_ID`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimNetworkModule {
    pub id: Uuid,
    pub description: String,
    pub zone: Uuid,
    pub ip: String,
    pub mac: String,
    /// Its devices (in `State::nm_devices`).
    pub devices: BTreeSet<Uuid>,
}

impl SimNetworkModule {
    /// iLOQ's `NetworkModule`: an active N501 (Type 8) online over SignalR.
    pub fn to_json(&self) -> Value {
        json!({
            "AdapterNr": "1",
            "AdapterVersion": "5.2",
            "AllowedIP": null,
            "AllowedSocketRequest": 2,
            "BoardHotSpot": 0,
            "BoardSettings": null,
            "CalendarDataModifiedDate": null,
            "CalendarDataReceivedDate": null,
            "CalendarDataState": 0,
            "Description": self.description,
            "DeviceLimitCount": 8,
            "FProgKey_ID": self.id,
            "IPAddress": self.ip,
            "IPAddressUserDefined": null,
            "KeyId": "N501-0001",
            "KeyProgPacketListReceivedDate": null,
            "LicenseMode": 0,
            "LocationPicture_ID": null,
            "LocationPointAttributes": null,
            "LocationPointX": 0.0,
            "LocationPointY": 0.0,
            "OnlineConnectionDate": "2025-01-15T09:00:00Z",
            "OnlineKey": null,
            "OnlineMacAddress": self.mac,
            "OnlineSoftwareVersion": "2.4.1",
            "Port": 443,
            "PortUserDefined": null,
            "RealEstate_ID": Uuid::nil(),
            "RequestType": 0,
            "RequestTypeInfo": null,
            "State": 1,
            "StateMask": 1 | 4,
            "Type": 8,
            "Zone_ID": self.zone,
        })
    }
}

/// A device behind a network module (`NetworkModuleDevice`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimNmDevice {
    pub id: Uuid,
    pub module: Uuid,
    pub name: String,
    pub serial: String,
    /// Its relays (in `State::nm_relays`).
    pub relays: BTreeSet<Uuid>,
}

impl SimNmDevice {
    /// iLOQ's `NetworkModuleDevice`.
    pub fn to_json(&self) -> Value {
        json!({
            "FProgKey_ID": self.module,
            "Name": self.name,
            "NetworkModuleDevice_ID": self.id,
            "SerialNo": self.serial,
            "SoftwareVersion": "1.3.0",
            "StateMask": 1,
            "Type": 1,
        })
    }
}

/// A relay of a network module device (`NetworkModuleDeviceRelay`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimNmRelay {
    pub id: Uuid,
    pub device: Uuid,
    pub name: String,
    pub relay_no: i64,
}

impl SimNmRelay {
    /// iLOQ's `NetworkModuleDeviceRelay`; `InUse` 1 while a calendar drives it.
    pub fn to_json(&self, in_use: bool) -> Value {
        json!({
            "InUse": i64::from(in_use),
            "Name": self.name,
            "NetworkModuleDevice_ID": self.device,
            "NetworkModuleDeviceRelay_ID": self.id,
            "RelayNo": self.relay_no,
        })
    }
}

/// The webhook events iLOQ supports (`GET Webhooks/Events`): GUID ids
/// **\[V\]** OpenAPI `WebhookEvent.Id`; the GUIDs themselves are the simulator's.
pub(crate) const WEBHOOK_EVENTS: [(u128, &str, &str, &str); 3] = [
    (0x501, "key_added", "Key added", "A key was added"),
    (
        0x502,
        "key_blocklisted",
        "Key blocklisted",
        "A key was added to the block list",
    ),
    (
        0x503,
        "device_log_arrived",
        "Device log arrived",
        "A lock log entry arrived",
    ),
];

/// The id of the webhook event `name` (one of [`WEBHOOK_EVENTS`]).
pub(crate) fn webhook_event_id(name: &str) -> Option<Uuid> {
    WEBHOOK_EVENTS
        .iter()
        .find(|(_, n, ..)| *n == name)
        .map(|(n, ..)| seed_id(*n))
}

/// A webhook subscription (`AddSubscriptionParam` as sent, plus what iLOQ adds).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimSubscription {
    pub id: Uuid,
    pub event_id: Uuid,
    pub target: String,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub custom_header: Option<String>,
    pub json_path_filter: Option<String>,
    pub sign_key: String,
    pub counter: u64,
}

impl SimSubscription {
    /// iLOQ's `Subscription` (every documented field; `State` 0 **\[I\]**).
    pub fn to_json(&self) -> Value {
        json!({
            "SubscriptionId": self.id, "WebhookEventId": self.event_id,
            "TargetEndpointUri": self.target,
            "StartDateUtc": self.start.as_ref().map(format_utc),
            "EndDateUtc": self.end.as_ref().map(format_utc),
            "CustomHeader": self.custom_header, "JsonPathFilter": self.json_path_filter,
            "SignKey": self.sign_key, "Counter": self.counter, "State": 0,
        })
    }
}

/// One payload of a subscription (a delivery): state 2 sent **\[I\]**, 3 not
/// sent successfully (the listener is down) **\[V\]** "state = 3 or 4".
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimPayload {
    pub id: Uuid,
    pub subscription: Uuid,
    pub counter: u64,
    pub created: DateTime<Utc>,
    pub data: String,
    pub failed_requests: i64,
    pub response: Option<String>,
    pub state: i64,
}

impl SimPayload {
    /// iLOQ's `Payload`.
    pub fn to_json(&self) -> Value {
        json!({
            "WebhookEventPayloadId": self.id, "SubscriptionId": self.subscription,
            "Counter": self.counter, "CreatedUtc": format_utc(&self.created), "Data": self.data,
            "FailedRequests": self.failed_requests, "Response": self.response, "State": self.state,
        })
    }
}

/// A webhook delivery made (recorded, not sent).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimDelivery {
    pub subscription_id: String,
    pub event_name: String,
    pub counter: u64,
    pub signature: String,
    /// The JSON body, shown in a state dump as its text.
    #[serde(with = "body_text")]
    pub body: Vec<u8>,
    pub sign_key: String,
}

/// A phone-key invite "sent".
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimInvite {
    pub key: Uuid,
    pub channel: InviteChannel,
    pub address: String,
}

/// How an invite was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum InviteChannel {
    /// By SMS to the key's phone number.
    Sms,
    /// By e-mail (OptionMask bit 8, UseEmail).
    Email,
}

impl InviteChannel {
    /// `sms` or `email`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sms => "sms",
            Self::Email => "email",
        }
    }
}

/// Reads a lock's texts back from a dump: every name must be one of [`LOCK_TEXTS`].
fn lock_texts<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<&'static str, String>, D::Error> {
    BTreeMap::<String, String>::deserialize(d)?
        .into_iter()
        .map(|(k, v)| Ok((known::<D>(&LOCK_TEXTS, &k, "lock text")?, v)))
        .collect()
}

/// Reads a lock's options back from a dump: every name must be one of [`LOCK_OPTIONS`].
fn lock_options<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeSet<&'static str>, D::Error> {
    BTreeSet::<String>::deserialize(d)?
        .iter()
        .map(|o| known::<D>(&LOCK_OPTIONS, o, "lock option"))
        .collect()
}

/// The entry of `names` equal to `name`, or an error naming `what`.
fn known<'de, D: Deserializer<'de>>(
    names: &[&'static str],
    name: &str,
    what: &str,
) -> Result<&'static str, D::Error> {
    names
        .iter()
        .find(|n| **n == name)
        .copied()
        .ok_or_else(|| serde::de::Error::custom(format!("unknown {what} {name:?}")))
}

/// A delivery body (JSON, so UTF-8) as text in a dump.
mod body_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(body: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&String::from_utf8_lossy(body))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        Ok(String::deserialize(d)?.into_bytes())
    }
}

/// The whole simulated customer: sessions, the locking system and its data.
///
/// Serialised whole for the control API's state dump, sessions included (a
/// restored dump keeps clients logged in); the lookup indexes are skipped and
/// rebuilt by [`State::reindex`] after a load.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct State {
    pub session_ttl: Duration,
    /// Kill every session after this many more session-checked calls.
    pub expire_after: Option<usize>,
    pub get_url_empty: bool,
    /// The pool path segment `Url/GetUrl` answers (e.g. `iloqwspool1`).
    pub pool: String,
    pub sessions: HashMap<String, SimSession>,
    pub lock_group: Uuid,
    pub lock_group_options: u32,
    pub persons: BTreeMap<Uuid, SimPerson>,
    #[serde(skip)]
    by_external_id: HashMap<String, BTreeSet<Uuid>>,
    pub keys: BTreeMap<Uuid, SimKey>,
    #[serde(skip)]
    keys_by_person: HashMap<Uuid, BTreeSet<Uuid>>,
    #[serde(skip)]
    keys_by_rom: HashMap<String, BTreeSet<Uuid>>,
    #[serde(skip)]
    phone_owner: HashMap<String, Uuid>,
    pub accesses: BTreeMap<Uuid, SimAccess>,
    pub zones: Vec<SimZone>,
    pub locks: BTreeMap<Uuid, SimLock>,
    pub titles: BTreeMap<Uuid, SimTitle>,
    pub person_roles: BTreeMap<Uuid, SimPersonRole>,
    pub security_roles: BTreeMap<Uuid, SimSecurityRole>,
    /// Change only through [`State::insert_key_tag`] and [`State::remove_key_tag`].
    pub key_tags: BTreeMap<Uuid, SimKeyTag>,
    #[serde(skip)]
    key_tags_by_key: HashMap<Uuid, BTreeSet<Uuid>>,
    pub logs: Vec<SimLog>,
    pub subscriptions: Vec<SimSubscription>,
    pub payloads: Vec<SimPayload>,
    /// Deliveries fail (payload state 3) while the listener is down.
    pub webhook_listener_down: bool,
    pub deliveries: Vec<SimDelivery>,
    pub invites: Vec<SimInvite>,
    pub blocklist_pending: bool,
    /// How many times the blocklist was ordered (its packet's version).
    pub blocklist_orders: u32,
    pub lock_orders: u32,
    pub calendars: BTreeMap<Uuid, SimCalendar>,
    pub calendar_datas: BTreeMap<Uuid, SimCalendarData>,
    /// Recurring entries by `Re_ID` (what exceptions name).
    #[serde(skip)]
    recurrences: HashMap<Uuid, Uuid>,
    /// Calendar entries by linked security role.
    #[serde(skip)]
    datas_by_role: HashMap<Uuid, BTreeSet<Uuid>>,
    /// Calendars by the relay they drive.
    #[serde(skip)]
    calendars_by_relay: HashMap<Uuid, BTreeSet<Uuid>>,
    pub network_modules: BTreeMap<Uuid, SimNetworkModule>,
    pub nm_devices: BTreeMap<Uuid, SimNmDevice>,
    pub nm_relays: BTreeMap<Uuid, SimNmRelay>,
}

/// What the seeded state is built from (the parts of `SimConfig` it needs).
#[derive(Debug, Clone)]
pub(crate) struct SeedOptions {
    pub persons: usize,
    pub session_ttl: Duration,
    pub pool: String,
    pub lock_group_options: u32,
}

const FIRST_NAMES: [&str; 8] = [
    "Ada", "Alan", "Barbara", "Edsger", "Frances", "Grace", "Donald", "Margaret",
];

/// Kept whole by the control API and the state file, sessions included; the
/// lookup indexes are rebuilt after a load.
impl access_core::testkit::control::Dumpable for State {
    fn after_load(&mut self) -> Result<(), String> {
        self.reindex();
        Ok(())
    }
}

impl State {
    /// Rebuilds the lookup indexes (skipped in a dump) from the data: persons
    /// by external id, keys by holder, ROM id and phone number, tags by key,
    /// calendar entries by `Re_ID` and role, calendars by relay.
    pub fn reindex(&mut self) {
        self.by_external_id.clear();
        for p in self.persons.values() {
            if let Some(ext) = &p.external_id {
                self.by_external_id
                    .entry(ext.clone())
                    .or_default()
                    .insert(p.id);
            }
        }
        self.keys_by_person.clear();
        self.keys_by_rom.clear();
        self.phone_owner.clear();
        for k in self.keys.values() {
            if let Some(p) = k.person {
                self.keys_by_person.entry(p).or_default().insert(k.id);
            }
            self.keys_by_rom
                .entry(k.rom_id.clone())
                .or_default()
                .insert(k.id);
            if let Some(phone) = &k.phone {
                self.phone_owner.insert(phone.clone(), k.id);
            }
        }
        self.key_tags_by_key.clear();
        for t in self.key_tags.values() {
            self.key_tags_by_key.entry(t.key).or_default().insert(t.id);
        }
        self.recurrences.clear();
        self.datas_by_role.clear();
        for d in self.calendar_datas.values() {
            if let SimCalendarKind::Recurring { re_id, .. } = &d.kind {
                self.recurrences.insert(*re_id, d.id);
            }
            for role in &d.roles {
                self.datas_by_role.entry(*role).or_default().insert(d.id);
            }
        }
        self.calendars_by_relay.clear();
        for c in self.calendars.values() {
            for r in &c.relays {
                self.calendars_by_relay.entry(*r).or_default().insert(c.id);
            }
        }
    }

    /// The seeded locking system: one lock group, zones, three security
    /// accesses, S5 keys, fobs, a programmed key, locks, two persons, a time
    /// profile, and `persons` generated persons.
    pub fn seeded(o: &SeedOptions) -> Self {
        let id = seed_id;
        let mut st = Self {
            session_ttl: o.session_ttl,
            expire_after: None,
            get_url_empty: false,
            pool: o.pool.clone(),
            sessions: HashMap::new(),
            lock_group: id(1),
            lock_group_options: o.lock_group_options,
            persons: BTreeMap::new(),
            by_external_id: HashMap::new(),
            keys: BTreeMap::new(),
            keys_by_person: HashMap::new(),
            keys_by_rom: HashMap::new(),
            phone_owner: HashMap::new(),
            accesses: BTreeMap::new(),
            zones: Vec::new(),
            locks: BTreeMap::new(),
            titles: BTreeMap::new(),
            person_roles: BTreeMap::new(),
            security_roles: BTreeMap::new(),
            key_tags: BTreeMap::new(),
            key_tags_by_key: HashMap::new(),
            logs: Vec::new(),
            subscriptions: Vec::new(),
            payloads: Vec::new(),
            webhook_listener_down: false,
            deliveries: Vec::new(),
            invites: Vec::new(),
            blocklist_pending: false,
            blocklist_orders: 0,
            lock_orders: 0,
            calendars: BTreeMap::new(),
            calendar_datas: BTreeMap::new(),
            recurrences: HashMap::new(),
            datas_by_role: HashMap::new(),
            calendars_by_relay: HashMap::new(),
            network_modules: BTreeMap::new(),
            nm_devices: BTreeMap::new(),
            nm_relays: BTreeMap::new(),
        };
        let (default_zone, office_zone, lock_zone) = (id(10), id(11), id(12));
        st.zones = vec![
            SimZone {
                id: default_zone,
                name: "Keys and persons".into(),
                zone_type: 4,
            },
            SimZone {
                id: office_zone,
                name: "Office".into(),
                zone_type: 1,
            },
            SimZone {
                id: lock_zone,
                name: "Locks".into(),
                zone_type: 2,
            },
        ];
        for (n, name, access_type) in [
            (20, "Main entrance (API)", 3),
            (21, "Server room (API)", 3),
            (22, "All doors (Standard)", 1),
        ] {
            st.accesses.insert(
                id(n),
                SimAccess::new(id(n), name, access_type, default_zone),
            );
        }
        for (n, name) in ["Main entrance", "Server room", "Back door"]
            .into_iter()
            .enumerate()
        {
            let lock = id(200 + n as u128);
            st.locks.insert(
                lock,
                SimLock {
                    // Every seeded lock opens with every seeded access.
                    accesses: [id(20), id(21), id(22)].map(|a| (a, None)).into(),
                    ..SimLock::new(
                        lock,
                        lock_zone,
                        name,
                        &format!("A{}", n + 1),
                        1000 + n as i64,
                    )
                },
            );
        }
        for (n, (first, last)) in [("Grace", "Hopper"), ("Alan", "Turing")]
            .into_iter()
            .enumerate()
        {
            st.insert_person(SimPerson {
                id: id(300 + n as u128),
                first_name: Some(first.into()),
                last_name: Some(last.into()),
                person_code: Some(format!("P{}", n + 1)),
                external_id: Some(format!("HR-{}", n + 1)),
                email: Some(format!("{}@example.com", first.to_lowercase())),
                phone1: Some(String::new()),
                address: Some(String::new()),
                external_can_edit: true,
                ..SimPerson::default()
            });
        }
        for n in 0..o.persons {
            let first = FIRST_NAMES[n % FIRST_NAMES.len()];
            st.insert_person(SimPerson {
                id: generated_id(n),
                first_name: Some(first.into()),
                last_name: Some(format!("Person {n}")),
                person_code: Some(format!("G{n}")),
                external_id: Some(generated_external_id(n)),
                email: Some(format!("gen{n}@example.com")),
                phone1: Some(String::new()),
                address: Some(String::new()),
                external_can_edit: true,
                ..SimPerson::default()
            });
        }
        for n in 0..3 {
            let mut key = SimKey::new(
                id(100 + n),
                264,
                &format!("S5 key {}", n + 1),
                &format!("ROM-S5-{:04}", n + 1),
            );
            key.stamp = format!("{:04}", 1001 + n);
            key.zones = vec![default_zone];
            st.insert_key(key);
        }
        for n in 0..2 {
            let mut key = SimKey::new(
                id(110 + n),
                10,
                &format!("Fob {}", n + 1),
                &format!("ROM-FOB-{:04}", n + 1),
            );
            key.zones = vec![default_zone];
            st.insert_key(key);
        }
        let mut programmed = SimKey::new(id(120), 264, "S5 key (Grace)", "ROM-S5-0900");
        programmed.state = 1;
        programmed.prog = 3;
        programmed.is_programmed = true;
        programmed.ever_ordered = true;
        programmed.planned = [id(22), id(20)].into();
        programmed.programmed = programmed.planned.clone();
        programmed.zones = vec![default_zone];
        programmed.main_zone = Some(default_zone);
        st.insert_key(programmed);
        st.set_key_person(id(120), Some(id(300)));
        st.titles.insert(
            id(400),
            SimTitle {
                id: id(400),
                name: "Office hours".into(),
                description: None,
                zone: default_zone,
                real_estate: Uuid::nil(),
                option_mask: 0,
                start: None,
                end: None,
                data: vec![SimTitleData {
                    id: id(401),
                    week_days: 31,
                    start_ms: 8 * 3_600_000,
                    end_ms: 16 * 3_600_000,
                }],
            },
        );
        st.seed_network_and_calendar(lock_zone);
        // Person roles (read only through the API): everyone is staff, Alan
        // also does maintenance.
        for (n, name, accesses, persons) in [
            (700, "Staff", vec![id(20), id(22)], vec![id(300), id(301)]),
            (701, "Maintenance", vec![id(21)], vec![id(301)]),
        ] {
            st.person_roles.insert(
                id(n),
                SimPersonRole {
                    id: id(n),
                    name: name.into(),
                    description: Some(format!("{name} role")),
                    accesses: accesses.into_iter().collect(),
                    persons: persons.into_iter().collect(),
                },
            );
        }
        // Code access groups: one Grace is linked to (in Manager), one free.
        for (n, name, persons) in [
            (710, "Lobby door code", vec![id(300)]),
            (711, "Visitors", vec![]),
        ] {
            st.security_roles.insert(
                id(n),
                SimSecurityRole {
                    id: id(n),
                    name: Some(name.into()),
                    description: None,
                    online_access_code: Some("12345".into()),
                    relay_ms: 5000,
                    real_estate: Uuid::nil(),
                    type_mask: 1,
                    zone: Some(default_zone),
                    persons: persons.into_iter().collect(),
                    outside_calendar_data: false,
                },
            );
        }
        st
    }

    /// A network module (N501) with two devices and three relays, and a
    /// calendar "Lobby opening hours" driving the first relay with a weekly
    /// entry (Monday to Friday, 07:00 for 11 hours, 2025 to 2030).
    fn seed_network_and_calendar(&mut self, zone: Uuid) {
        let id = seed_id;
        let module = id(500);
        self.network_modules.insert(
            module,
            SimNetworkModule {
                id: module,
                description: "N501 Main building".into(),
                zone,
                ip: "10.0.0.50".into(),
                mac: "00:1B:44:11:3A:B7".into(),
                devices: [id(510), id(511)].into(),
            },
        );
        for (device, name, relays) in [
            (id(510), "Door controller A", vec![id(520), id(521)]),
            (id(511), "Door controller B", vec![id(522)]),
        ] {
            for (n, relay) in relays.iter().enumerate() {
                self.nm_relays.insert(
                    *relay,
                    SimNmRelay {
                        id: *relay,
                        device,
                        name: format!("{name} relay {}", n + 1),
                        relay_no: n as i64 + 1,
                    },
                );
            }
            self.nm_devices.insert(
                device,
                SimNmDevice {
                    id: device,
                    module,
                    name: name.into(),
                    serial: format!("SN-{}", &device.to_string()[24..]),
                    relays: relays.into_iter().collect(),
                },
            );
        }
        let calendar = id(600);
        self.calendars.insert(
            calendar,
            SimCalendar {
                id: calendar,
                name: Some("Lobby opening hours".into()),
                description: Some(String::new()),
                option_mask: 0,
                real_estate: Uuid::nil(),
                reservable_weeks: 0,
                reservation_target: 0,
                calendar_type: 0,
                zone,
                datas: BTreeSet::new(),
                relays: BTreeSet::new(),
            },
        );
        self.set_calendar_relays(calendar, [id(520)].into());
        self.insert_calendar_data(SimCalendarData {
            id: id(610),
            calendar,
            start: Some("2025-01-01T00:00:00".into()),
            end: Some("2030-12-31T00:00:00".into()),
            subject: Some("Open".into()),
            data_type: 0,
            kind: SimCalendarKind::Recurring {
                re_id: id(611),
                duration_ticks: 11 * 60 * 60 * 10_000_000,
                occurrence_start: "2025-01-01T07:00:00".into(),
                days_of_week: 62,
                frequency: 1,
                range_end: "2030-12-31T00:00:00".into(),
                range_limit: 2,
                range_start: "2025-01-01T00:00:00".into(),
            },
            roles: BTreeSet::new(),
        });
    }

    /// iLOQ's `LockGroup` for the seeded locking system.
    pub fn lock_group_json(&self) -> Value {
        json!({
            "LockGroup_ID": self.lock_group, "Customer_ID": Uuid::from_u128(7), "Name": "Demo Office",
            "Description": "Simulated 5 Series locking system", "OptionMask": self.lock_group_options,
            "State": 0, "TimeZoneStandardName": "W. Europe Standard Time", "AdapterVersion": 1,
            "ExpireDateUTC": "2030-01-01T00:00:00Z"
        })
    }

    // ---- persons (indexed by external id)

    /// Adds (or replaces) a person.
    pub fn insert_person(&mut self, person: SimPerson) {
        self.remove_person(person.id);
        if let Some(ext) = &person.external_id {
            self.by_external_id
                .entry(ext.clone())
                .or_default()
                .insert(person.id);
        }
        self.persons.insert(person.id, person);
    }

    /// Removes a person (its keys keep their `Person_ID`, as before).
    pub fn remove_person(&mut self, id: Uuid) -> Option<SimPerson> {
        let old = self.persons.remove(&id)?;
        for role in self.person_roles.values_mut() {
            role.persons.remove(&id);
        }
        for role in self.security_roles.values_mut() {
            role.persons.remove(&id);
        }
        if let Some(ext) = &old.external_id
            && let Some(ids) = self.by_external_id.get_mut(ext)
        {
            ids.remove(&id);
            if ids.is_empty() {
                self.by_external_id.remove(ext);
            }
        }
        Some(old)
    }

    /// Whether a person has this external id.
    pub fn external_id_taken(&self, ext: &str) -> bool {
        self.by_external_id.contains_key(ext)
    }

    /// The persons with any of these external ids, in id order.
    pub fn persons_by_external_ids(&self, ext: &[String]) -> Vec<&SimPerson> {
        let ids: BTreeSet<Uuid> = ext
            .iter()
            .filter_map(|e| self.by_external_id.get(e))
            .flatten()
            .copied()
            .collect();
        ids.iter().filter_map(|id| self.persons.get(id)).collect()
    }

    // ---- keys (indexed by holder, ROM id and phone number)

    /// The keys linked to `person`, in id order.
    pub fn keys_of(&self, person: Uuid) -> impl Iterator<Item = &SimKey> {
        self.keys_by_person
            .get(&person)
            .into_iter()
            .flatten()
            .filter_map(|k| self.keys.get(k))
    }

    /// Whether `person` holds a handed-over key (`State` 1).
    pub fn has_active_keys(&self, person: Uuid) -> bool {
        self.keys_of(person).any(|k| k.state == 1)
    }

    /// The keys with any of these ROM ids, in id order.
    pub fn keys_by_rom_ids(&self, roms: &[String]) -> Vec<&SimKey> {
        let ids: BTreeSet<Uuid> = roms
            .iter()
            .filter_map(|r| self.keys_by_rom.get(r))
            .flatten()
            .copied()
            .collect();
        ids.iter().filter_map(|id| self.keys.get(id)).collect()
    }

    /// The key with this phone number, if any.
    pub fn phone_owner(&self, phone: &str) -> Option<Uuid> {
        self.phone_owner.get(phone).copied()
    }

    /// Adds (or replaces) a key.
    pub fn insert_key(&mut self, key: SimKey) {
        self.unindex_key(key.id);
        if let Some(p) = key.person {
            self.keys_by_person.entry(p).or_default().insert(key.id);
        }
        self.keys_by_rom
            .entry(key.rom_id.clone())
            .or_default()
            .insert(key.id);
        if let Some(phone) = &key.phone {
            self.phone_owner.insert(phone.clone(), key.id);
        }
        self.keys.insert(key.id, key);
    }

    /// Removes a key (and its tags).
    pub fn remove_key(&mut self, id: Uuid) -> Option<SimKey> {
        for tag in self.key_tags_by_key.remove(&id).unwrap_or_default() {
            self.key_tags.remove(&tag);
        }
        self.unindex_key(id)
    }

    /// Takes a key out of the map and its indexes (its tags stay).
    fn unindex_key(&mut self, id: Uuid) -> Option<SimKey> {
        let old = self.keys.remove(&id)?;
        if let Some(p) = old.person
            && let Some(keys) = self.keys_by_person.get_mut(&p)
        {
            keys.remove(&id);
        }
        if let Some(keys) = self.keys_by_rom.get_mut(&old.rom_id) {
            keys.remove(&id);
        }
        if let Some(phone) = &old.phone
            && self.phone_owner.get(phone) == Some(&id)
        {
            self.phone_owner.remove(phone);
        }
        Some(old)
    }

    /// Links key `id` to `person` (or to nobody).
    pub fn set_key_person(&mut self, id: Uuid, person: Option<Uuid>) {
        let Some(key) = self.keys.get_mut(&id) else {
            return;
        };
        if let Some(old) = key.person
            && let Some(keys) = self.keys_by_person.get_mut(&old)
        {
            keys.remove(&id);
        }
        key.person = person;
        if let Some(p) = person {
            self.keys_by_person.entry(p).or_default().insert(id);
        }
    }

    /// Sets the phone number of key `id`.
    pub fn set_key_phone(&mut self, id: Uuid, phone: Option<String>) {
        let Some(key) = self.keys.get_mut(&id) else {
            return;
        };
        if let Some(old) = &key.phone
            && self.phone_owner.get(old) == Some(&id)
        {
            self.phone_owner.remove(old);
        }
        if let Some(p) = &phone {
            self.phone_owner.insert(p.clone(), id);
        }
        key.phone = phone;
    }

    // ---- calendars (entries indexed by calendar, Re_ID and role; calendars by relay)

    /// Whether `id` is a security role (code access group) the links may name.
    pub fn is_security_role(&self, id: Uuid) -> bool {
        self.security_roles.contains_key(&id)
    }

    /// The recurring entry with this `Re_ID`, if any.
    pub fn recurrence(&self, re_id: Uuid) -> Option<Uuid> {
        self.recurrences.get(&re_id).copied()
    }

    /// Adds (or replaces) a calendar entry; its calendar must exist.
    pub fn insert_calendar_data(&mut self, data: SimCalendarData) {
        let roles = data.roles.clone();
        self.detach_calendar_data(data.id);
        if let Some(c) = self.calendars.get_mut(&data.calendar) {
            c.datas.insert(data.id);
        }
        if let SimCalendarKind::Recurring { re_id, .. } = &data.kind {
            self.recurrences.insert(*re_id, data.id);
        }
        for role in &roles {
            self.datas_by_role.entry(*role).or_default().insert(data.id);
        }
        self.calendar_datas.insert(data.id, data);
    }

    /// Takes a calendar entry out of the state and its indexes (nothing else).
    fn detach_calendar_data(&mut self, id: Uuid) -> Option<SimCalendarData> {
        let old = self.calendar_datas.remove(&id)?;
        if let Some(c) = self.calendars.get_mut(&old.calendar) {
            c.datas.remove(&id);
        }
        if let SimCalendarKind::Recurring { re_id, .. } = &old.kind {
            self.recurrences.remove(re_id);
        }
        for role in &old.roles {
            if let Some(ids) = self.datas_by_role.get_mut(role) {
                ids.remove(&id);
                if ids.is_empty() {
                    self.datas_by_role.remove(role);
                }
            }
        }
        Some(old)
    }

    /// Deletes a calendar entry with its role links; a recurring entry takes
    /// its exceptions with it.
    pub fn remove_calendar_data(&mut self, id: Uuid) -> Option<SimCalendarData> {
        let old = self.detach_calendar_data(id)?;
        if let SimCalendarKind::Recurring { re_id, .. } = &old.kind {
            let exceptions: Vec<Uuid> = self
                .calendars
                .get(&old.calendar)
                .into_iter()
                .flat_map(|c| c.datas.iter())
                .filter(|d| {
                    matches!(&self.calendar_datas[*d].kind,
                        SimCalendarKind::Exception { recurrence, .. } if recurrence == re_id)
                })
                .copied()
                .collect();
            for x in exceptions {
                self.detach_calendar_data(x);
            }
        }
        Some(old)
    }

    /// Replaces the security roles linked to calendar entry `id`.
    pub fn set_data_roles(&mut self, id: Uuid, roles: BTreeSet<Uuid>) {
        if let Some(mut data) = self.detach_calendar_data(id) {
            data.roles = roles;
            self.insert_calendar_data(data);
        }
    }

    /// The calendar entries linked to `role`, in id order.
    pub fn datas_of_role(&self, role: Uuid) -> impl Iterator<Item = Uuid> + '_ {
        self.datas_by_role.get(&role).into_iter().flatten().copied()
    }

    /// Replaces the relays calendar `id` drives.
    pub fn set_calendar_relays(&mut self, id: Uuid, relays: BTreeSet<Uuid>) {
        let Some(c) = self.calendars.get_mut(&id) else {
            return;
        };
        let old = std::mem::replace(&mut c.relays, relays.clone());
        for r in old {
            if let Some(cs) = self.calendars_by_relay.get_mut(&r) {
                cs.remove(&id);
                if cs.is_empty() {
                    self.calendars_by_relay.remove(&r);
                }
            }
        }
        for r in relays {
            self.calendars_by_relay.entry(r).or_default().insert(id);
        }
    }

    /// The calendars driving `relay`, in id order.
    pub fn calendars_of_relay(&self, relay: Uuid) -> impl Iterator<Item = Uuid> + '_ {
        self.calendars_by_relay
            .get(&relay)
            .into_iter()
            .flatten()
            .copied()
    }

    /// Deletes a calendar with its entries and relay links.
    pub fn remove_calendar(&mut self, id: Uuid) -> Option<SimCalendar> {
        self.set_calendar_relays(id, BTreeSet::new());
        let datas: Vec<Uuid> = self.calendars.get(&id)?.datas.iter().copied().collect();
        for d in datas {
            self.detach_calendar_data(d);
        }
        self.calendars.remove(&id)
    }

    /// iLOQ's `NetworkModuleDeviceRelay` for relay `id` (`InUse` while linked).
    pub fn relay_json(&self, id: Uuid) -> Option<Value> {
        let r = self.nm_relays.get(&id)?;
        Some(r.to_json(self.calendars_by_relay.contains_key(&id)))
    }

    // ---- key tags (indexed by key)

    /// The tags on `key`, in id order.
    pub fn tags_of(&self, key: Uuid) -> impl Iterator<Item = &SimKeyTag> {
        self.key_tags_by_key
            .get(&key)
            .into_iter()
            .flatten()
            .filter_map(|t| self.key_tags.get(t))
    }

    /// Adds (or replaces) a tag.
    pub fn insert_key_tag(&mut self, tag: SimKeyTag) {
        self.remove_key_tag(tag.id);
        self.key_tags_by_key
            .entry(tag.key)
            .or_default()
            .insert(tag.id);
        self.key_tags.insert(tag.id, tag);
    }

    /// Removes a tag.
    pub fn remove_key_tag(&mut self, id: Uuid) -> Option<SimKeyTag> {
        let old = self.key_tags.remove(&id)?;
        if let Some(tags) = self.key_tags_by_key.get_mut(&old.key) {
            tags.remove(&id);
        }
        Some(old)
    }

    /// Whether time profile `id` is used by a key's slot or a lock.
    pub fn title_in_use(&self, id: Uuid) -> bool {
        self.keys
            .values()
            .any(|k| k.slots.iter().any(|s| s.title == Some(id)))
            || self.locks.values().any(|l| l.titles.contains(&id))
    }

    /// Removes security access `id` from every lock's accesses.
    pub fn unlink_access_from_locks(&mut self, id: Uuid) {
        for lock in self.locks.values_mut() {
            lock.accesses.remove(&id);
        }
    }

    /// The `Type` of security access `id`, if it exists.
    pub fn access_type(&self, id: Uuid) -> Option<i64> {
        self.accesses.get(&id).map(|a| a.access_type)
    }

    /// iLOQ's `PublicApiDeviceLogData` for a log entry (`/LockLogs`).
    pub fn device_log_json(&self, g: &SimLog) -> Value {
        let key = g.key.and_then(|k| self.keys.get(&k));
        let person = key
            .and_then(|k| k.person)
            .and_then(|p| self.persons.get(&p))
            .map(SimPerson::full_name);
        json!({
            "DeviceLog_ID": g.id, "TypeMask": g.type_mask, "GoingDateUtc": format_utc(&g.going),
            "ErrCode": 0, "ErrorDescription": null, "ProgrammingInfo": null, "LocationInfoMask": 0,
            "FLock": { "FlockId": g.lock, "GoingCounter": 1, "LockingObject": "Main entrance", "LocationCode": "A1", "LockType": 4 },
            "FNKey": key.map(|k| json!({ "FNKeyId": k.id, "KeyId": 1, "GoingCounter": 1, "KeyTypeMask": k.key_type,
                "OptionMask": 0, "Description": k.description, "PersonName": person, "Stamp": k.stamp }))
        })
    }

    /// Delivers event `event_name` to its subscriptions (recorded, signed as
    /// iLOQ signs: HMAC-SHA256 of the raw body with the `SignKey`), each
    /// delivery kept as a payload (state 3 while the listener is down).
    pub fn emit(&mut self, now: DateTime<Utc>, event_name: &str, data: Value) {
        let Some(event_id) = webhook_event_id(event_name) else {
            return;
        };
        let down = self.webhook_listener_down;
        for sub in self
            .subscriptions
            .iter_mut()
            .filter(|s| s.event_id == event_id)
        {
            sub.counter += 1;
            let body =
                serde_json::to_vec(&json!({ "Data": data, "CreationTimeUtc": format_utc(&now) }))
                    .unwrap_or_default();
            let signature = webhook_signature(&body, &sub.sign_key);
            self.payloads.push(SimPayload {
                id: Uuid::new_v4(),
                subscription: sub.id,
                counter: sub.counter,
                created: now,
                data: String::from_utf8_lossy(&body).into_owned(),
                failed_requests: i64::from(down),
                response: Some(
                    if down {
                        "503 Service Unavailable"
                    } else {
                        "200 OK"
                    }
                    .into(),
                ),
                state: if down { 3 } else { 2 },
            });
            self.deliveries.push(SimDelivery {
                subscription_id: sub.id.to_string(),
                event_name: event_name.into(),
                counter: sub.counter,
                signature,
                body,
                sign_key: sub.sign_key.clone(),
            });
            tracing::debug!(target = %sub.target, event_name, "simulated webhook delivery");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeded(persons: usize) -> State {
        State::seeded(&SeedOptions {
            persons,
            session_ttl: Duration::from_secs(60),
            pool: "iloqwspool1".into(),
            lock_group_options: SEED_OPTIONS,
        })
    }

    #[test]
    fn a_dump_reads_back_with_the_indexes_it_was_built_with() {
        let st = seeded(5);
        let mut back: State = serde_json::from_value(serde_json::to_value(&st).unwrap()).unwrap();
        assert!(back.by_external_id.is_empty(), "indexes are not dumped");
        back.reindex();
        assert_eq!(back.by_external_id, st.by_external_id);
        assert_eq!(back.keys_by_person, st.keys_by_person);
        assert_eq!(back.keys_by_rom, st.keys_by_rom);
        assert_eq!(back.phone_owner, st.phone_owner);
        assert_eq!(back.key_tags_by_key, st.key_tags_by_key);
        assert_eq!(back.recurrences, st.recurrences);
        assert_eq!(back.datas_by_role, st.datas_by_role);
        assert_eq!(back.calendars_by_relay, st.calendars_by_relay);
        assert!(!st.by_external_id.is_empty() && !st.calendars_by_relay.is_empty());
        assert_eq!(
            serde_json::to_value(&back).unwrap(),
            serde_json::to_value(&st).unwrap()
        );
    }

    #[test]
    fn the_indexes_follow_every_change() {
        let mut st = seeded(3);
        assert_eq!(st.persons.len(), 5);
        let ext = [generated_external_id(1), "HR-2".to_string()];
        let found: Vec<Uuid> = st
            .persons_by_external_ids(&ext)
            .iter()
            .map(|p| p.id)
            .collect();
        assert_eq!(found, vec![seed_id(301), generated_id(1)]);
        let mut renamed = st.persons[&seed_id(301)].clone();
        renamed.external_id = Some("HR-9".into());
        st.insert_person(renamed);
        assert!(!st.external_id_taken("HR-2") && st.external_id_taken("HR-9"));

        let key = seed_id(100);
        st.set_key_person(key, Some(seed_id(301)));
        assert_eq!(st.keys_of(seed_id(301)).count(), 1);
        st.set_key_person(key, None);
        assert_eq!(st.keys_of(seed_id(301)).count(), 0);
        st.set_key_phone(key, Some("+31600000000".into()));
        assert_eq!(st.phone_owner("+31600000000"), Some(key));
        st.remove_key(key);
        assert_eq!(st.phone_owner("+31600000000"), None);
        assert!(st.keys_by_rom_ids(&["ROM-S5-0001".into()]).is_empty());
        assert!(st.has_active_keys(seed_id(300)));
    }

    #[test]
    fn calendar_indexes_follow_every_change() {
        let mut st = seeded(0);
        let (calendar, weekly, re_id, relay) =
            (seed_id(600), seed_id(610), seed_id(611), seed_id(520));
        assert_eq!(st.recurrence(re_id), Some(weekly));
        assert_eq!(st.calendars_of_relay(relay).collect::<Vec<_>>(), [calendar]);
        let exception = SimCalendarData {
            id: seed_id(612),
            calendar,
            start: None,
            end: None,
            subject: None,
            data_type: 0,
            kind: SimCalendarKind::Exception {
                removed: true,
                original_start: Some("2025-03-03T07:00:00".into()),
                recurrence: re_id,
            },
            roles: [seed_id(700)].into(),
        };
        st.insert_calendar_data(exception);
        assert_eq!(
            st.datas_of_role(seed_id(700)).collect::<Vec<_>>(),
            [seed_id(612)]
        );
        st.set_data_roles(seed_id(612), [seed_id(701)].into());
        assert_eq!(st.datas_of_role(seed_id(700)).count(), 0);
        // The recurring entry takes its exception (and its role link) with it.
        st.remove_calendar_data(weekly);
        assert!(st.calendar_datas.is_empty() && st.calendars[&calendar].datas.is_empty());
        assert_eq!(
            (st.recurrence(re_id), st.datas_of_role(seed_id(701)).count()),
            (None, 0)
        );
        st.remove_calendar(calendar);
        assert_eq!(st.calendars_of_relay(relay).count(), 0);
        assert!(st.relay_json(relay).is_some_and(|r| r["InUse"] == 0));
    }

    #[test]
    fn times_and_signatures() {
        let t = parse_utc("2025-01-15T09:00:00.5").unwrap();
        assert_eq!(format_utc(&t), "2025-01-15T09:00:00.500Z");
        assert_eq!(
            parse_utc("2025-01-15T11:00:00+02:00"),
            parse_utc("2025-01-15T09:00:00Z")
        );
        assert!(parse_utc("yesterday").is_none());
        // RFC 4231 test case 2.
        assert_eq!(
            webhook_signature(b"what do ya want for nothing?", "Jefe"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
