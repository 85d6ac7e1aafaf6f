//! The simulated EF-45's state: the device's tables as the simulator's own
//! rows, never the SDK's serde types.
//!
//! Requests are read field by field from JSON ([`Fields`]) and answers are
//! written field by field ([`Out`]) with the documented names, so a field name
//! the SDK gets wrong on both sides (written and read back by the same serde
//! derive) cannot hide behind the simulator.
//!
//! Every table is keyed by `user_uuid` in ordered maps (the device lists in
//! that order), and the lookups that are not by uuid have their own indexes:
//! cards (`GET /user-info/card/{card}`) and iris templates
//! (`POST /subjects/duplication`). No lookup scans every user: only the
//! lists (`GET /subjects`, `/user`, `/faces`, `/logs`...) walk their table.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use base64::Engine;
use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sha2::Sha256;

use super::{FIRST_LOG_ID, InstalledFirmware, SEED_USERS, SERIAL_NUMBER, SimConfig};

/// A field of a request body that is missing where required, or of the wrong
/// type (the device answers its "serialize error" for the record).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BadField(pub(crate) &'static str);

/// A JSON object read field by field: each read takes its field out, so what
/// is left at the end ([`Fields::rest`]) are the fields the documentation does
/// not describe, which the device stores and sends back unchanged.
pub(crate) struct Fields(Map<String, Value>);

impl Fields {
    /// The fields of `body`, which must be a JSON object.
    pub(crate) fn of(body: Value) -> Result<Self, BadField> {
        match body {
            Value::Object(m) => Ok(Self(m)),
            _ => Err(BadField("body")),
        }
    }

    /// The field's value; `None` when absent or `null`.
    fn take(&mut self, key: &'static str) -> Option<Value> {
        self.0.remove(key).filter(|v| !v.is_null())
    }

    /// A text field.
    pub(crate) fn text(&mut self, key: &'static str) -> Result<Option<String>, BadField> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(BadField(key)),
        }
    }

    /// An id (`user_uuid`): text, or a number written as its digits; never
    /// empty, `.` or `..` (it is a path segment of later calls).
    pub(crate) fn id(&mut self, key: &'static str) -> Result<Option<String>, BadField> {
        let id = match self.take(key) {
            None => return Ok(None),
            Some(Value::String(s)) => s,
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => n.to_string(),
            Some(_) => return Err(BadField(key)),
        };
        if id.is_empty() || id == "." || id == ".." {
            return Err(BadField(key));
        }
        Ok(Some(id))
    }

    /// An integer field.
    pub(crate) fn int(&mut self, key: &'static str) -> Result<Option<i64>, BadField> {
        match self.take(key) {
            None => Ok(None),
            Some(v) => v.as_i64().map(Some).ok_or(BadField(key)),
        }
    }

    /// A non-negative integer field.
    pub(crate) fn uint(&mut self, key: &'static str) -> Result<Option<u64>, BadField> {
        match self.take(key) {
            None => Ok(None),
            Some(v) => v.as_u64().map(Some).ok_or(BadField(key)),
        }
    }

    /// A number field.
    pub(crate) fn float(&mut self, key: &'static str) -> Result<Option<f64>, BadField> {
        match self.take(key) {
            None => Ok(None),
            Some(v) => v.as_f64().map(Some).ok_or(BadField(key)),
        }
    }

    /// A boolean field.
    pub(crate) fn flag(&mut self, key: &'static str) -> Result<Option<bool>, BadField> {
        match self.take(key) {
            None => Ok(None),
            Some(v) => v.as_bool().map(Some).ok_or(BadField(key)),
        }
    }

    /// A list field.
    pub(crate) fn list(&mut self, key: &'static str) -> Result<Vec<Value>, BadField> {
        match self.take(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items),
            Some(_) => Err(BadField(key)),
        }
    }

    /// The fields not read.
    pub(crate) fn rest(self) -> Map<String, Value> {
        self.0
    }
}

/// An answer object written field by field over the record's extra fields;
/// an absent value writes no field.
pub(crate) struct Out(Map<String, Value>);

impl Out {
    /// An object holding `extra` (the fields the device keeps as sent).
    pub(crate) fn over(extra: &Map<String, Value>) -> Self {
        Self(extra.clone())
    }

    /// Writes `key`.
    pub(crate) fn put(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.0.insert(key.to_string(), value.into());
        self
    }

    /// Writes `key` when `value` is present.
    pub(crate) fn opt<T: Into<Value>>(self, key: &str, value: Option<T>) -> Self {
        match value {
            Some(v) => self.put(key, v),
            None => self,
        }
    }

    /// The object.
    pub(crate) fn done(self) -> Value {
        Value::Object(self.0)
    }
}

/// An iris subject (E3 `SubjectData`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct SubjectRow {
    pub(crate) user_uuid: String,
    pub(crate) record_version: Option<u64>,
    pub(crate) last_name: String,
    pub(crate) first_name: String,
    pub(crate) access_allowed: Option<bool>,
    pub(crate) wiegand_facility: Option<i64>,
    pub(crate) wiegand_site: Option<i64>,
    pub(crate) wiegand_code: Option<u64>,
    pub(crate) wiegand_custom: Option<String>,
    pub(crate) match_until: Option<String>,
    pub(crate) left_eye_template: Option<String>,
    pub(crate) right_eye_template: Option<String>,
    pub(crate) extra: Map<String, Value>,
}

impl SubjectRow {
    /// A subject as the seed writes one: the device's algorithm version,
    /// access allowed.
    pub(crate) fn new(
        user_uuid: &str,
        last_name: &str,
        first_name: &str,
        record_version: u32,
    ) -> Self {
        Self {
            user_uuid: user_uuid.to_string(),
            record_version: Some(u64::from(record_version)),
            last_name: last_name.to_string(),
            first_name: first_name.to_string(),
            access_allowed: Some(true),
            wiegand_facility: None,
            wiegand_site: None,
            wiegand_code: None,
            wiegand_custom: None,
            match_until: None,
            left_eye_template: None,
            right_eye_template: None,
            extra: Map::new(),
        }
    }

    /// A subject from a `POST /subjects` body.
    pub(crate) fn read(body: Value) -> Result<Self, BadField> {
        let mut f = Fields::of(body)?;
        let mut row = Self::take(&mut f)?;
        row.extra = f.rest();
        Ok(row)
    }

    /// Takes the subject's fields out of `f` (a user record holds them too);
    /// the caller keeps what is left as the extra fields.
    pub(crate) fn take(f: &mut Fields) -> Result<Self, BadField> {
        Ok(Self {
            user_uuid: f.id("user_uuid")?.ok_or(BadField("user_uuid"))?,
            record_version: f.uint("record_version")?,
            last_name: f.text("last_name")?.unwrap_or_default(),
            first_name: f.text("first_name")?.unwrap_or_default(),
            access_allowed: f.flag("access_allowed")?,
            wiegand_facility: f.int("wiegand_facility")?,
            wiegand_site: f.int("wiegand_site")?,
            wiegand_code: f.uint("wiegand_code")?,
            wiegand_custom: f.text("wiegand_custom")?,
            match_until: f.text("match_until")?,
            left_eye_template: f.text("left_eye_template")?,
            right_eye_template: f.text("right_eye_template")?,
            extra: Map::new(),
        })
    }

    /// The subject as the device writes it (names always, the rest when set).
    pub(crate) fn json(&self) -> Out {
        Out::over(&self.extra)
            .put("user_uuid", self.user_uuid.as_str())
            .opt("record_version", self.record_version)
            .put("last_name", self.last_name.as_str())
            .put("first_name", self.first_name.as_str())
            .opt("access_allowed", self.access_allowed)
            .opt("wiegand_facility", self.wiegand_facility)
            .opt("wiegand_site", self.wiegand_site)
            .opt("wiegand_code", self.wiegand_code)
            .opt("wiegand_custom", self.wiegand_custom.as_deref())
            .opt("match_until", self.match_until.as_deref())
            .opt("left_eye_template", self.left_eye_template.as_deref())
            .opt("right_eye_template", self.right_eye_template.as_deref())
    }
}

/// A user-info row (E3 `UserInfoData`): card, PIN and flags. Not `Debug`: it
/// holds a PIN.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct InfoRow {
    pub(crate) user_uuid: String,
    pub(crate) card: Option<String>,
    pub(crate) pin: Option<String>,
    pub(crate) admin: Option<bool>,
    pub(crate) bypass_card: Option<bool>,
    pub(crate) verify_type: Option<i64>,
    pub(crate) extra: Map<String, Value>,
}

impl InfoRow {
    /// A row with nothing set.
    pub(crate) fn new(user_uuid: &str) -> Self {
        Self {
            user_uuid: user_uuid.to_string(),
            card: None,
            pin: None,
            admin: None,
            bypass_card: None,
            verify_type: None,
            extra: Map::new(),
        }
    }

    /// A row from a `POST /user-info` body; an empty card is no card.
    pub(crate) fn read(body: Value) -> Result<Self, BadField> {
        let mut f = Fields::of(body)?;
        let row = Self {
            user_uuid: f.id("user_uuid")?.ok_or(BadField("user_uuid"))?,
            card: f.text("card")?.filter(|c| !c.trim().is_empty()),
            pin: f.text("pin")?,
            admin: f.flag("admin")?,
            bypass_card: f.flag("bypass_card")?,
            verify_type: f.int("verify_type")?,
            extra: Map::new(),
        };
        Ok(Self {
            extra: f.rest(),
            ..row
        })
    }

    /// The row as the device writes it: a user without a card has `"card": ""`.
    pub(crate) fn json(&self) -> Value {
        Out::over(&self.extra)
            .put("user_uuid", self.user_uuid.as_str())
            .put("card", self.card.as_deref().unwrap_or(""))
            .opt("pin", self.pin.as_deref())
            .opt("admin", self.admin)
            .opt("bypass_card", self.bypass_card)
            .opt("verify_type", self.verify_type)
            .done()
    }
}

/// A face template (E5 `CMV_Model_Faces`; `face_LED_state` with capitals).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FaceRow {
    pub(crate) user_uuid: Option<String>,
    pub(crate) sub_id: i64,
    pub(crate) face_eye_width: Option<i64>,
    pub(crate) face_feature_size: Option<i64>,
    pub(crate) face_frontal_score: Option<f64>,
    pub(crate) face_left_eye_x: Option<i64>,
    pub(crate) face_right_eye_x: Option<i64>,
    pub(crate) face_roll: Option<f64>,
    pub(crate) face_score: Option<f64>,
    pub(crate) led_state: Option<i64>,
    pub(crate) face_feature: Option<String>,
    pub(crate) extra: Map<String, Value>,
}

impl FaceRow {
    /// A face with only an owner, a sub id and a template.
    pub(crate) fn new(user_uuid: Option<&str>, sub_id: i64, feature: String) -> Self {
        Self {
            user_uuid: user_uuid.map(str::to_string),
            sub_id,
            face_eye_width: None,
            face_feature_size: None,
            face_frontal_score: None,
            face_left_eye_x: None,
            face_right_eye_x: None,
            face_roll: None,
            face_score: None,
            led_state: None,
            face_feature: Some(feature),
            extra: Map::new(),
        }
    }

    /// A face from a request body (`sub_id` required, any number: the range is
    /// the caller's check, -409).
    pub(crate) fn read(body: Value) -> Result<Self, BadField> {
        let mut f = Fields::of(body)?;
        let row = Self {
            user_uuid: f.id("user_uuid")?,
            sub_id: f.int("sub_id")?.ok_or(BadField("sub_id"))?,
            face_eye_width: f.int("face_eye_width")?,
            face_feature_size: f.int("face_feature_size")?,
            face_frontal_score: f.float("face_frontal_score")?,
            face_left_eye_x: f.int("face_left_eye_x")?,
            face_right_eye_x: f.int("face_right_eye_x")?,
            face_roll: f.float("face_roll")?,
            face_score: f.float("face_score")?,
            led_state: f.int("face_LED_state")?,
            face_feature: f.text("face_feature")?,
            extra: Map::new(),
        };
        Ok(Self {
            extra: f.rest(),
            ..row
        })
    }

    /// Whether the sub id is one of the six the device knows (0..=5).
    pub(crate) fn sub_id_in_range(&self) -> bool {
        (0..=5).contains(&self.sub_id)
    }

    /// The face as the device writes it.
    pub(crate) fn json(&self) -> Value {
        Out::over(&self.extra)
            .opt("user_uuid", self.user_uuid.as_deref())
            .put("sub_id", self.sub_id)
            .opt("face_eye_width", self.face_eye_width)
            .opt("face_feature_size", self.face_feature_size)
            .opt("face_frontal_score", self.face_frontal_score)
            .opt("face_left_eye_x", self.face_left_eye_x)
            .opt("face_right_eye_x", self.face_right_eye_x)
            .opt("face_roll", self.face_roll)
            .opt("face_score", self.face_score)
            .opt("face_LED_state", self.led_state)
            .opt("face_feature", self.face_feature.as_deref())
            .done()
    }
}

/// A log entry (the seed's example shape).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct LogRow {
    pub(crate) id: i64,
    pub(crate) event_type: String,
    pub(crate) timestamp: String,
    pub(crate) user_uuid: Option<String>,
    pub(crate) info: String,
    pub(crate) additional_data: String,
}

impl LogRow {
    /// The entry as the device writes it (every field, `user_uuid` null when
    /// nobody was recognised, `matched_faceimage_data` empty).
    pub(crate) fn json(&self) -> Value {
        json!({
            "id": self.id,
            "event_type": self.event_type,
            "timestamp": self.timestamp,
            "user_uuid": self.user_uuid,
            "info": self.info,
            "additional_data": self.additional_data,
            "matched_faceimage_data": "",
        })
    }
}

/// A match event in the match-data buffer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct MatchRow {
    pub(crate) encounter_id: String,
    pub(crate) user_uuid: Option<String>,
    pub(crate) timestamp: String,
    pub(crate) info: String,
    pub(crate) additional_data: String,
}

impl MatchRow {
    /// The event as the device writes it.
    pub(crate) fn json(&self) -> Value {
        Out::over(&Map::new())
            .put("encounter_id", self.encounter_id.as_str())
            .opt("user_uuid", self.user_uuid.as_deref())
            .put("timestamp", self.timestamp.as_str())
            .put("info", self.info.as_str())
            .put("additional_data", self.additional_data.as_str())
            .done()
    }
}

/// A capture in the biometric-data buffer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CaptureRow {
    pub(crate) encounter_id: String,
    pub(crate) left_eye_template: Option<String>,
    pub(crate) right_eye_template: Option<String>,
    pub(crate) faces: Vec<FaceRow>,
}

impl CaptureRow {
    /// Whether iris templates were captured.
    pub(crate) fn has_iris(&self) -> bool {
        self.left_eye_template.is_some() || self.right_eye_template.is_some()
    }

    /// The capture as the device writes it (no `faces` when none were captured).
    pub(crate) fn json(&self) -> Value {
        let mut out = Out::over(&Map::new())
            .put("encounter_id", self.encounter_id.as_str())
            .opt("left_eye_template", self.left_eye_template.as_deref())
            .opt("right_eye_template", self.right_eye_template.as_deref());
        if !self.faces.is_empty() {
            out = out.put(
                "faces",
                Value::Array(self.faces.iter().map(FaceRow::json).collect()),
            );
        }
        out.done()
    }
}

/// The camera settings `{serial_number, camera_mode, audio_enabled}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CameraRow {
    pub(crate) serial_number: Option<String>,
    pub(crate) camera_mode: Option<String>,
    pub(crate) audio_enabled: Option<bool>,
    pub(crate) extra: Map<String, Value>,
}

impl CameraRow {
    /// Whether the camera is in `Slave` mode (the host drives capture).
    pub(crate) fn is_slave(&self) -> bool {
        self.camera_mode
            .as_deref()
            .is_some_and(|m| m.eq_ignore_ascii_case("slave"))
    }

    /// The settings as the device writes them.
    pub(crate) fn json(&self) -> Value {
        Out::over(&self.extra)
            .opt("serial_number", self.serial_number.as_deref())
            .opt("camera_mode", self.camera_mode.as_deref())
            .opt("audio_enabled", self.audio_enabled)
            .done()
    }

    /// These settings with the fields of `update` replaced (`POST /camera`
    /// changes only what it sends).
    pub(crate) fn merged(&self, update: Map<String, Value>) -> Result<Self, BadField> {
        let mut f = Fields(update);
        let mut next = self.clone();
        let present = |f: &Fields, k: &str| f.0.contains_key(k);
        if present(&f, "serial_number") {
            next.serial_number = f.text("serial_number")?;
        }
        if present(&f, "camera_mode") {
            next.camera_mode = f.text("camera_mode")?;
        }
        if present(&f, "audio_enabled") {
            next.audio_enabled = f.flag("audio_enabled")?;
        }
        next.extra.extend(f.rest());
        Ok(next)
    }
}

/// The camera's capture state machine (`"idle"` or `{"capturing": {...}}`
/// in the state dump).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Camera {
    /// Not capturing.
    Idle,
    /// Capturing: the data arrives after `polls_left` more polls of the buffer.
    Capturing {
        polls_left: u32,
        face: bool,
        iris: bool,
        recognition: bool,
    },
}

/// A firmware upload under way.
#[derive(Debug, Clone, Default)]
pub(crate) struct Upload {
    pub(crate) next_index: u64,
    pub(crate) bytes: u64,
    pub(crate) hasher: Option<Sha256>,
    /// The first 20 bytes: the magic `EF45` and the version text.
    pub(crate) header: Vec<u8>,
}

/// A device setting: its type (`bool`, `float`, `int`, `string`) and value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Setting {
    #[serde(rename = "type")]
    pub(crate) ty: String,
    pub(crate) value: Value,
}

/// Saved image files as `{name: base64}` in the state dump.
mod images_base64 {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(super) fn serialize<S: Serializer>(
        images: &BTreeMap<String, Vec<u8>>,
        out: S,
    ) -> Result<S::Ok, S::Error> {
        images
            .iter()
            .map(|(name, bytes)| (name, super::base64(bytes)))
            .collect::<BTreeMap<_, _>>()
            .serialize(out)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        input: D,
    ) -> Result<BTreeMap<String, Vec<u8>>, D::Error> {
        BTreeMap::<String, String>::deserialize(input)?
            .into_iter()
            .map(|(name, text)| {
                super::base64_decode(&text)
                    .map(|bytes| (name.clone(), bytes))
                    .ok_or_else(|| serde::de::Error::custom(format!("image {name} is not base64")))
            })
            .collect()
    }
}

/// The whole device. Its state dump (`GET /_sim/state`) holds every table;
/// the lookup indexes are rebuilt on load ([`State::reindex`]) and a firmware
/// upload under way is not kept (a restored device has none).
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct State {
    /// The app version (changes with a firmware upgrade).
    pub(crate) version: String,
    /// The algorithm's record version (`GET /subjects/record-version`).
    pub(crate) record_version: u32,
    pub(crate) capture_polls: u32,
    pub(crate) template_bytes: usize,
    /// The `lock_uid` of the connected client.
    pub(crate) holder: Option<String>,
    pub(crate) settings: CameraRow,
    pub(crate) device_time: Option<NaiveDateTime>,
    pub(crate) camera: Camera,
    pub(crate) biometric: Vec<CaptureRow>,
    pub(crate) last_capture: Option<CaptureRow>,
    #[serde(with = "images_base64")]
    pub(crate) images: BTreeMap<String, Vec<u8>>,
    subjects: BTreeMap<String, SubjectRow>,
    user_info: BTreeMap<String, InfoRow>,
    /// Upper-case card text to the users holding it.
    #[serde(skip)]
    cards: HashMap<String, BTreeSet<String>>,
    /// Left and right iris templates to the subjects holding them.
    #[serde(skip)]
    left_templates: HashMap<String, BTreeSet<String>>,
    #[serde(skip)]
    right_templates: HashMap<String, BTreeSet<String>>,
    /// Each user's faces by sub id.
    pub(crate) faces: BTreeMap<String, BTreeMap<i64, FaceRow>>,
    pub(crate) match_data: Vec<MatchRow>,
    pub(crate) logs: BTreeMap<i64, LogRow>,
    next_log: i64,
    pub(crate) door: String,
    pub(crate) apb_violations: BTreeSet<String>,
    pub(crate) config_values: BTreeMap<String, Setting>,
    pub(crate) card_input: bool,
    pub(crate) relay_triggers: u32,
    #[serde(skip)]
    pub(crate) upload: Upload,
    pub(crate) installed: Option<InstalledFirmware>,
    pub(crate) reboots: u32,
    counter: u64,
}

fn index_add(index: &mut HashMap<String, BTreeSet<String>>, key: Option<&str>, user: &str) {
    if let Some(k) = key {
        index
            .entry(k.to_string())
            .or_default()
            .insert(user.to_string());
    }
}

fn index_remove(index: &mut HashMap<String, BTreeSet<String>>, key: Option<&str>, user: &str) {
    if let Some(k) = key
        && let Some(users) = index.get_mut(k)
    {
        users.remove(user);
        if users.is_empty() {
            index.remove(k);
        }
    }
}

fn card_key(card: Option<&str>) -> Option<String> {
    card.map(str::to_ascii_uppercase)
}

/// Standard base64 with padding, as the device writes it.
pub(crate) fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Base64 as clients send it: line breaks (real or written `\r\n`) and
/// whitespace ignored, padding optional.
pub(crate) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let cleaned: String = text
        .replace("\\r", "")
        .replace("\\n", "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let body = cleaned.trim_end_matches('=');
    base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(body)
        .ok()
}

/// Kept whole by the control API and the state file; the card and iris
/// indexes are rebuilt after a load.
impl access_core::testkit::control::Dumpable for State {
    fn after_load(&mut self) -> Result<(), String> {
        self.reindex();
        Ok(())
    }
}

impl State {
    /// The device as `config` seeds it, its logs stamped `now`.
    pub(crate) fn seeded(config: &SimConfig, now: DateTime<Utc>) -> Self {
        let mut config_values = BTreeMap::new();
        for (title, ty, v) in [
            ("UseManualCommand", "bool", json!(false)),
            ("AntiPassback", "bool", json!(true)),
            ("Volume", "int", json!(5)),
            ("FaceThreshold", "float", json!(0.45)),
            ("DeviceName", "string", json!("EF-45 Lobby")),
        ] {
            config_values.insert(
                title.to_string(),
                Setting {
                    ty: ty.to_string(),
                    value: v,
                },
            );
        }
        let mut s = Self {
            version: config.version.clone(),
            record_version: config.record_version,
            capture_polls: config.capture_polls,
            template_bytes: config.template_bytes,
            holder: None,
            settings: CameraRow {
                serial_number: Some(SERIAL_NUMBER.to_string()),
                camera_mode: Some("Master".to_string()),
                audio_enabled: Some(true),
                extra: Map::new(),
            },
            device_time: None,
            camera: Camera::Idle,
            biometric: Vec::new(),
            last_capture: None,
            images: BTreeMap::new(),
            subjects: BTreeMap::new(),
            user_info: BTreeMap::new(),
            cards: HashMap::new(),
            left_templates: HashMap::new(),
            right_templates: HashMap::new(),
            faces: BTreeMap::new(),
            match_data: Vec::new(),
            logs: BTreeMap::new(),
            next_log: FIRST_LOG_ID,
            door: "closed".to_string(),
            apb_violations: BTreeSet::new(),
            config_values,
            card_input: false,
            relay_triggers: 0,
            upload: Upload::default(),
            installed: None,
            reboots: 0,
            counter: 0,
        };
        if config.seeded {
            s.seed_people(now);
        }
        for i in 0..config.users {
            s.seed_generated(i);
        }
        s
    }

    /// Rebuilds the lookup indexes (cards, iris templates) from the tables,
    /// as after loading a state dump, which does not hold them.
    pub(crate) fn reindex(&mut self) {
        self.cards.clear();
        self.left_templates.clear();
        self.right_templates.clear();
        for row in self.subjects.values() {
            let id = row.user_uuid.as_str();
            index_add(
                &mut self.left_templates,
                row.left_eye_template.as_deref(),
                id,
            );
            index_add(
                &mut self.right_templates,
                row.right_eye_template.as_deref(),
                id,
            );
        }
        for row in self.user_info.values() {
            index_add(
                &mut self.cards,
                card_key(row.card.as_deref()).as_deref(),
                &row.user_uuid,
            );
        }
    }

    /// The three people of the seed, with templates, a face each, and logs 68..=70.
    fn seed_people(&mut self, now: DateTime<Utc>) {
        for (id, last, first, card) in SEED_USERS {
            let mut subject = SubjectRow::new(id, last, first, self.record_version);
            subject.left_eye_template = Some(self.fake_template(id, "L"));
            subject.right_eye_template = Some(self.fake_template(id, "R"));
            self.put_subject(subject);
            let mut info = InfoRow::new(id);
            info.card = card.map(str::to_string);
            self.put_info(info);
            let face = FaceRow::new(Some(id), 0, base64(format!("face-{id}").as_bytes()));
            self.faces
                .entry(id.to_string())
                .or_default()
                .insert(0, face);
        }
        self.push_log(
            now,
            "Recognition",
            Some("111"),
            "Recog/BioOnly/IrisOk",
            "Allowed",
        );
        self.push_log(now, "UserData", Some("111"), "AddUsers", "Success");
        self.push_log(
            now,
            "Recognition",
            Some("1"),
            "Recog/BioOnly/FaceOk",
            "Allowed",
        );
    }

    /// The `i`-th generated user: a subject and a card, no templates or faces.
    fn seed_generated(&mut self, i: usize) {
        const LAST: [&str; 8] = [
            "Virtanen", "Korhonen", "Nieminen", "Kim", "Lee", "Park", "Choi", "Jung",
        ];
        const FIRST: [&str; 8] = [
            "Aino", "Eero", "Minji", "Joon", "Sora", "Helmi", "Onni", "Yuna",
        ];
        let id = super::generated_user_text(i);
        self.put_subject(SubjectRow::new(
            &id,
            LAST[i % LAST.len()],
            FIRST[(i / LAST.len()) % FIRST.len()],
            self.record_version,
        ));
        let mut info = InfoRow::new(&id);
        info.card = Some(super::generated_card_text(i));
        self.put_info(info);
    }

    /// A new time-based id in the device's `8-4-4-4-12` form (lock, encounter).
    pub(crate) fn next_id(&mut self) -> String {
        self.counter += 1;
        let c = self.counter;
        format!(
            "{:08x}-534a-11f0-aa39-{:012x}",
            0x3811_8632u32.wrapping_add(c as u32),
            0x503f_9800_7277u64 + c
        )
    }

    /// A fake iris template of the configured size (base64).
    pub(crate) fn fake_template(&self, id: &str, side: &str) -> String {
        let n = self.template_bytes.max(16);
        let seed = format!("iris-{side}-{id}-");
        let bytes: Vec<u8> = seed.bytes().cycle().take(n).collect();
        base64(&bytes)
    }

    /// Appends a log entry with the next id.
    pub(crate) fn push_log(
        &mut self,
        now: DateTime<Utc>,
        event_type: &'static str,
        user: Option<&str>,
        info: &str,
        outcome: &str,
    ) {
        let id = self.next_log;
        self.next_log += 1;
        self.logs.insert(
            id,
            LogRow {
                id,
                event_type: event_type.to_string(),
                timestamp: now.to_rfc3339_opts(SecondsFormat::Secs, true),
                user_uuid: user.map(str::to_string),
                info: info.to_string(),
                additional_data: outcome.to_string(),
            },
        );
    }

    // --- subjects -----------------------------------------------------------

    /// The subject `id`.
    pub(crate) fn subject(&self, id: &str) -> Option<&SubjectRow> {
        self.subjects.get(id)
    }

    /// Every subject, by uuid.
    pub(crate) fn subjects(&self) -> impl Iterator<Item = &SubjectRow> {
        self.subjects.values()
    }

    /// How many subjects there are.
    pub(crate) fn subject_count(&self) -> usize {
        self.subjects.len()
    }

    /// Adds or replaces a subject (and its template index entries).
    pub(crate) fn put_subject(&mut self, row: SubjectRow) {
        self.remove_subject(&row.user_uuid);
        let id = row.user_uuid.as_str();
        index_add(
            &mut self.left_templates,
            row.left_eye_template.as_deref(),
            id,
        );
        index_add(
            &mut self.right_templates,
            row.right_eye_template.as_deref(),
            id,
        );
        self.subjects.insert(row.user_uuid.clone(), row);
    }

    /// Removes a subject.
    pub(crate) fn remove_subject(&mut self, id: &str) -> Option<SubjectRow> {
        let row = self.subjects.remove(id)?;
        index_remove(
            &mut self.left_templates,
            row.left_eye_template.as_deref(),
            id,
        );
        index_remove(
            &mut self.right_templates,
            row.right_eye_template.as_deref(),
            id,
        );
        Some(row)
    }

    /// The first subject (by uuid) holding the candidate's left template as
    /// its left, or its right template as its right.
    pub(crate) fn duplicate_of(&self, left: Option<&str>, right: Option<&str>) -> Option<&str> {
        fn first<'a>(
            index: &'a HashMap<String, BTreeSet<String>>,
            template: Option<&str>,
        ) -> Option<&'a str> {
            template
                .and_then(|t| index.get(t))
                .and_then(|users| users.first())
                .map(String::as_str)
        }
        match (
            first(&self.left_templates, left),
            first(&self.right_templates, right),
        ) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    // --- user info ----------------------------------------------------------

    /// The user-info row `id`.
    pub(crate) fn info(&self, id: &str) -> Option<&InfoRow> {
        self.user_info.get(id)
    }

    /// Every user-info row, by uuid.
    pub(crate) fn infos(&self) -> impl Iterator<Item = &InfoRow> {
        self.user_info.values()
    }

    /// How many user-info rows there are.
    pub(crate) fn info_count(&self) -> usize {
        self.user_info.len()
    }

    /// Adds or replaces a user-info row (and its card index entry).
    pub(crate) fn put_info(&mut self, row: InfoRow) {
        self.remove_info(&row.user_uuid);
        index_add(
            &mut self.cards,
            card_key(row.card.as_deref()).as_deref(),
            &row.user_uuid,
        );
        self.user_info.insert(row.user_uuid.clone(), row);
    }

    /// Removes a user-info row.
    pub(crate) fn remove_info(&mut self, id: &str) -> Option<InfoRow> {
        let row = self.user_info.remove(id)?;
        index_remove(
            &mut self.cards,
            card_key(row.card.as_deref()).as_deref(),
            id,
        );
        Some(row)
    }

    /// The first user-info row (by uuid) holding `card` (compared ignoring case).
    pub(crate) fn info_by_card(&self, card: &str) -> Option<&InfoRow> {
        let users = self.cards.get(&card.to_ascii_uppercase())?;
        users.first().and_then(|id| self.user_info.get(id))
    }

    // --- users (the tables together) ----------------------------------------

    /// The user `id` as `GET /user/{id}` writes it: the subject, the card of
    /// the user-info table (`""` for none) and the faces.
    pub(crate) fn user_json(&self, id: &str) -> Option<Value> {
        let subject = self.subjects.get(id)?;
        let card = self
            .user_info
            .get(id)
            .and_then(|i| i.card.as_deref())
            .unwrap_or("");
        let faces: Vec<Value> = self
            .faces
            .get(id)
            .map(|m| m.values().map(FaceRow::json).collect())
            .unwrap_or_default();
        Some(
            subject
                .json()
                .put("card", card)
                .put("faces", Value::Array(faces))
                .done(),
        )
    }

    // --- recognition --------------------------------------------------------

    /// A person at the device: a match record and a log entry, the door opens
    /// when access is allowed. Answers whether it was.
    pub(crate) fn present(&mut self, now: DateTime<Utc>, user: &str) -> bool {
        let enrolled = self
            .subjects
            .get(user)
            .is_some_and(|s| s.access_allowed != Some(false));
        let violated = self.apb_violations.contains(user);
        let (info, outcome) = match (enrolled, violated) {
            (true, false) => ("Recog/BioOnly/IrisOk", "Allowed"),
            (true, true) => ("Recog/APB", "Denied"),
            _ => ("Recog/BioOnly/NoMatch", "Denied"),
        };
        self.push_log(now, "Recognition", enrolled.then_some(user), info, outcome);
        if enrolled {
            let encounter_id = self.next_id();
            self.match_data.push(MatchRow {
                encounter_id,
                user_uuid: Some(user.to_string()),
                timestamp: now.to_rfc3339_opts(SecondsFormat::Secs, true),
                info: info.to_string(),
                additional_data: outcome.to_string(),
            });
        }
        let allowed = enrolled && !violated;
        if allowed {
            self.door = "open".to_string();
        }
        allowed
    }

    /// A person the device does not know at the camera: a `Denied` log entry
    /// without a user, no match record, the door stays as it is.
    pub(crate) fn present_unknown(&mut self, now: DateTime<Utc>) {
        self.push_log(now, "Recognition", None, "Recog/BioOnly/NoMatch", "Denied");
    }

    // --- enrolment ----------------------------------------------------------

    /// The capture of the running camera: iris templates and two faces (colour
    /// and black and white), as the modes asked; kept as the last capture.
    pub(crate) fn capture(&mut self) -> CaptureRow {
        let (face, iris) = match self.camera {
            Camera::Capturing { face, iris, .. } => (face, iris),
            Camera::Idle => (false, false),
        };
        let id = self.next_id();
        let mut row = CaptureRow {
            encounter_id: id.clone(),
            left_eye_template: None,
            right_eye_template: None,
            faces: Vec::new(),
        };
        if iris {
            row.left_eye_template = Some(self.fake_template(&id, "L"));
            row.right_eye_template = Some(self.fake_template(&id, "R"));
        }
        if face {
            for sub in [0, 1] {
                let mut f =
                    FaceRow::new(None, sub, base64(format!("feature-{id}-{sub}").as_bytes()));
                f.face_eye_width = Some(64);
                f.face_score = Some(0.82);
                f.face_frontal_score = Some(0.9);
                f.face_roll = Some(1.5);
                f.led_state = Some(sub);
                row.faces.push(f);
            }
        }
        self.last_capture = Some(row.clone());
        row
    }
}
