//! Device: settings by title, manual commands, card input mode, relay,
//! anti-passback.

use access_core::http::{Body, Query, segment};
use access_core::{Error, ValidationError};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::client::Client;
use crate::ids::UserUuid;
use crate::model::Ack;

/// The `type` of a device setting **\[seed\]** `bool`, `float`, `int`, `string`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SettingType {
    /// `bool`
    Bool,
    /// `float`
    Float,
    /// `int`
    Int,
    /// `string`
    String,
}

impl SettingType {
    /// The wire text.
    pub fn as_str(self) -> &'static str {
        match self {
            SettingType::Bool => "bool",
            SettingType::Float => "float",
            SettingType::Int => "int",
            SettingType::String => "string",
        }
    }
}

/// A setting's value, typed as the device's `type` parameter says.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SettingValue {
    /// A `bool` setting.
    Bool(bool),
    /// A `float` setting.
    Float(f64),
    /// An `int` setting.
    Int(i64),
    /// A `string` setting.
    String(String),
}

impl SettingValue {
    /// The type to send with it.
    pub fn setting_type(&self) -> SettingType {
        match self {
            SettingValue::Bool(_) => SettingType::Bool,
            SettingValue::Float(_) => SettingType::Float,
            SettingValue::Int(_) => SettingType::Int,
            SettingValue::String(_) => SettingType::String,
        }
    }

    fn to_json(&self) -> Value {
        match self {
            SettingValue::Bool(b) => json!(b),
            SettingValue::Float(f) => json!(f),
            SettingValue::Int(i) => json!(i),
            SettingValue::String(s) => json!(s),
        }
    }

    /// Reads `value` as `ty`, leniently (`"true"`, `"1.5"`, `"3"` accepted).
    pub fn from_json(ty: SettingType, value: &Value) -> Option<Self> {
        let text = value.as_str().map(str::trim);
        Some(match ty {
            SettingType::Bool => SettingValue::Bool(match value {
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_i64()? != 0,
                _ => match text?.to_ascii_lowercase().as_str() {
                    "true" | "1" | "on" => true,
                    "false" | "0" | "off" => false,
                    _ => return None,
                },
            }),
            SettingType::Float => SettingValue::Float(match value {
                Value::Number(n) => n.as_f64()?,
                _ => text?.parse().ok()?,
            }),
            SettingType::Int => SettingValue::Int(match value {
                Value::Number(n) => n.as_i64()?,
                _ => text?.parse().ok()?,
            }),
            SettingType::String => SettingValue::String(match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }),
        })
    }
}

fn check_title(title: &str) -> Result<(), ValidationError> {
    if title.trim().is_empty() || title.chars().any(char::is_control) {
        return Err(ValidationError::new("title", "must be non-empty text"));
    }
    Ok(())
}

/// A setting as the device answers it **\[I\]** shape `{"title", "type", "value"}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct DeviceSetting {
    /// The title.
    #[serde(default)]
    pub title: Option<String>,
    /// The raw value.
    #[serde(default)]
    pub value: Value,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /1.0/config?title=&type=` **\[I\]** path (E3 shows `/config/relay` exists);
/// **\[seed\]** parameters `title`, `type`: read one device setting. The answer's
/// value is typed by the `type` you asked for.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GetSetting {
    title: String,
    ty: SettingType,
}

impl GetSetting {
    /// Reads setting `title` as `ty`.
    pub fn new(title: impl Into<String>, ty: SettingType) -> Result<Self, ValidationError> {
        let title = title.into();
        check_title(&title)?;
        Ok(Self { title, ty })
    }
}

/// A setting read back with its typed value (`None` when the device's value
/// does not parse as the asked type; the raw answer is kept).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TypedSetting {
    /// The typed value.
    pub value: Option<SettingValue>,
    /// The answer as sent.
    pub raw: DeviceSetting,
}

access_core::endpoint! {
    impl Endpoint for GetSetting {
        name: "GET /config",
        method: GET,
        path: "config",
        output: TypedSetting,
        error: GetSettingError,
        idempotent: true,
        decode: |s, r| {
            let raw: DeviceSetting = r.json()?;
            Ok(TypedSetting { value: SettingValue::from_json(s.ty, &raw.value), raw })
        },
        query: |s| {
            let mut q = Query::new();
            q.push("title", &s.title); q.push("type", s.ty.as_str());
            q
        },
        validate: |s| check_title(&s.title),
    }
}

crate::error::device_errors! {
    /// Failures of `GET /config` (see [`crate::error`] for how they are read).
    pub enum GetSettingError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// `PUT /1.0/config?title=&type=` with body `{"value": ...}` **\[I\]** path, method
/// and body; **\[seed\]** parameters `title`, `type`: change one device setting.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SetSetting {
    title: String,
    value: SettingValue,
}

impl SetSetting {
    /// Sets `title` to `value` (its type is sent as `type`).
    pub fn new(title: impl Into<String>, value: SettingValue) -> Result<Self, ValidationError> {
        let title = title.into();
        check_title(&title)?;
        if let SettingValue::Float(f) = value
            && !f.is_finite()
        {
            return Err(ValidationError::new("value", "must be a finite number"));
        }
        Ok(Self { title, value })
    }
}

access_core::endpoint! {
    impl Endpoint for SetSetting {
        name: "PUT /config",
        method: PUT,
        path: "config",
        output: Ack,
        error: SetSettingError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
        query: |s| {
            let mut q = Query::new();
            q.push("title", &s.title); q.push("type", s.value.setting_type().as_str());
            q
        },
        body: |s| Body::json(&json!({ "value": s.value.to_json() })),
        validate: |s| check_title(&s.title),
    }
}

crate::error::device_errors! {
    /// Failures of `PUT /config` (see [`crate::error`] for how they are read).
    pub enum SetSettingError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// `POST /1.0/device/control` with a JSON body of parameters **\[I\]** path, method
/// and parameter names; **\[seed\]** "at least one parameter should be included in
/// the request body". **Needs "Use manual command" enabled on the device
/// (Settings > Network > Server)**, otherwise the device refuses it
/// ([`DeviceControlError::ManualCommandDisabled`], **\[I\]** 403). Can drive hardware
/// (relay, display): never retried.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DeviceControl {
    params: Map<String, Value>,
}

impl DeviceControl {
    /// A command with its first parameter; add more with [`DeviceControl::param`].
    pub fn new(name: impl Into<String>, value: impl Into<Value>) -> Result<Self, ValidationError> {
        let s = Self { params: Map::new() }.param(name, value);
        s.check()?;
        Ok(s)
    }

    /// A command from a parameter map (at least one parameter).
    pub fn from_params(params: Map<String, Value>) -> Result<Self, ValidationError> {
        let s = Self { params };
        s.check()?;
        Ok(s)
    }

    /// Adds a parameter (names must not be empty: checked when sent).
    pub fn param(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.params.insert(name.into(), value.into());
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.params.keys().any(|k| k.trim().is_empty()) {
            return Err(ValidationError::new("parameter", "names must not be empty"));
        }
        if self.params.is_empty() {
            return Err(ValidationError::new(
                "parameters",
                "at least one parameter is required",
            ));
        }
        Ok(())
    }
}

access_core::endpoint! {
    impl Endpoint for DeviceControl {
        name: "POST /device/control",
        method: POST,
        path: "device/control",
        output: Ack,
        error: DeviceControlError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
        body: |s| Body::json(&s.params),
        validate: |s| s.check(),
    }
}

crate::error::device_errors! {
    /// Failures of `POST /device/control` (see [`crate::error`] for how they are read).
    pub enum DeviceControlError {
        /// "Use manual command" is disabled in the device's menu (Settings > Network >
        /// Server) **\[seed\]** rule, **\[I\]** 403.
        ManualCommandDisabled = (403, any) => Device,
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// `POST /1.0/card-input-mode` **\[I\]** path and method; **\[seed\]** "the camera mode
/// should be set to 'Slave' first; when started, the device will show card
/// input screen for card tagging or manual input".
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct StartCardInput;

impl StartCardInput {
    /// The request.
    pub fn new() -> Self {
        Self
    }
}

access_core::endpoint! {
    impl Endpoint for StartCardInput {
        name: "POST /card-input-mode",
        method: POST,
        path: "card-input-mode",
        output: Ack,
        error: StartCardInputError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
    }
}

crate::error::device_errors! {
    /// Failures of `POST /card-input-mode` (see [`crate::error`] for how they are read).
    pub enum StartCardInputError {
        /// The camera must be in `Slave` mode first **\[seed\]** rule, **\[I\]** the answer.
        NotSlaveMode = (_, contains "slave") => Conflict,
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// `PUT /1.0/config/relay` **\[V\]** E3 `Relay()`; empty body: trigger the relay.
/// Opens the door: never retried.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct TriggerRelay;

impl TriggerRelay {
    /// The request.
    pub fn new() -> Self {
        Self
    }
}

access_core::endpoint! {
    impl Endpoint for TriggerRelay {
        name: "PUT /config/relay",
        method: PUT,
        path: "config/relay",
        output: Ack,
        error: TriggerRelayError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
    }
}

crate::error::device_errors! {
    /// Failures of `PUT /config/relay` (see [`crate::error`] for how they are read).
    pub enum TriggerRelayError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

#[derive(Serialize)]
struct ApbBody {
    #[serde(rename = "APBStatus")]
    apb_status: u8,
}

/// `PUT /1.0/user/{user_uuid}/apb` with body `{"APBStatus": 1}` **\[I\]** path,
/// method and body; **\[seed\]** "Setting APBStatus to 1 (CLEAR) will force the user
/// to be released from anti-passback violation status".
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ClearAntiPassback {
    user: UserUuid,
}

impl ClearAntiPassback {
    /// Releases `user` from anti-passback violation.
    pub fn new(user: UserUuid) -> Self {
        Self { user }
    }
}

access_core::endpoint! {
    impl Endpoint for ClearAntiPassback {
        name: "PUT /user/{user_uuid}/apb",
        method: PUT,
        path: |s| format!("user/{}/apb", segment(s.user.as_str())),
        output: Ack,
        error: ClearAntiPassbackError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
        body: |_s| Body::json(&ApbBody { apb_status: 1 }),
    }
}

crate::error::device_errors! {
    /// Failures of `PUT /user/{user_uuid}/apb` (see [`crate::error`] for how they are read).
    pub enum ClearAntiPassbackError {
        /// The user does not exist (device code -761).
        NotFound = (_, code "-761") => NotFound,
    }
}

/// `PUT /1.0/user/apb` with body `{"APBStatus": 1}` **\[I\]** path, method and body;
/// seed: release every user from anti-passback violation.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ClearAllAntiPassback;

impl ClearAllAntiPassback {
    /// The request.
    pub fn new() -> Self {
        Self
    }
}

access_core::endpoint! {
    impl Endpoint for ClearAllAntiPassback {
        name: "PUT /user/apb",
        method: PUT,
        path: "user/apb",
        output: Ack,
        error: ClearAllAntiPassbackError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
        body: |_s| Body::json(&ApbBody { apb_status: 1 }),
    }
}

crate::error::device_errors! {
    /// Failures of `PUT /user/apb` (see [`crate::error`] for how they are read).
    pub enum ClearAllAntiPassbackError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// Device calls of a [`Client`]: `client.device()`.
#[derive(Debug, Clone, Copy)]
pub struct Device<'a>(&'a Client);

impl Client {
    /// The device: settings, manual commands, card input, relay, anti-passback.
    pub fn device(&self) -> Device<'_> {
        Device(self)
    }
}

impl Device<'_> {
    /// `GET /config`: reads a setting as `ty`.
    pub async fn setting(
        self,
        title: &str,
        ty: SettingType,
    ) -> Result<TypedSetting, Error<GetSettingError>> {
        self.0.send(&GetSetting::new(title, ty)?).await
    }

    /// `PUT /config`: changes a setting.
    pub async fn set_setting(
        self,
        title: &str,
        value: SettingValue,
    ) -> Result<Ack, Error<SetSettingError>> {
        self.0.send(&SetSetting::new(title, value)?).await
    }

    /// `POST /device/control`: sends a manual command.
    pub async fn control(self, command: DeviceControl) -> Result<Ack, Error<DeviceControlError>> {
        self.0.send(&command).await
    }

    /// `POST /card-input-mode`: shows the card input screen (camera mode `Slave` first).
    pub async fn card_input_mode(self) -> Result<Ack, Error<StartCardInputError>> {
        self.0.send(&StartCardInput::new()).await
    }

    /// `PUT /config/relay`: triggers the relay (opens the door; never retried).
    pub async fn trigger_relay(self) -> Result<Ack, Error<TriggerRelayError>> {
        self.0.send(&TriggerRelay::new()).await
    }

    /// `PUT /user/{user_uuid}/apb`: releases a user from anti-passback violation.
    pub async fn clear_anti_passback(
        self,
        user: &UserUuid,
    ) -> Result<Ack, Error<ClearAntiPassbackError>> {
        self.0.send(&ClearAntiPassback::new(user.clone())).await
    }

    /// `PUT /user/apb`: releases every user from anti-passback violation.
    pub async fn clear_all_anti_passback(self) -> Result<Ack, Error<ClearAllAntiPassbackError>> {
        self.0.send(&ClearAllAntiPassback::new()).await
    }
}
