//! Network modules: iLOQ's three network-module groups, read-only through the
//! API.
//!
//! * `NetworkModules` ([`NetworkModules`], `client.network_modules()`): the
//!   N50x modules (iLOQ keeps them with the programming keys: their id is
//!   `FProgKey_ID`).
//! * `NetworkModuleDevices` ([`NetworkModuleDevices`],
//!   `client.network_module_devices()`): the devices behind a module.
//! * `NetworkModuleDeviceRelays` ([`NetworkModuleDeviceRelays`],
//!   `client.network_module_device_relays()`): a device's relays, which
//!   calendars drive ([`crate::calendars::CalendarNetworkModuleRelayLinks`]).
//!
//! Right: "administrate locking system" (RightsMask 2147483648) **\[V\]** OpenAPI.
//! Models and JSON names **\[V\]** OpenAPI. ENK generated the enum fields as empty
//! wrappers; the enums behind `Type`, `State`, `StateMask`, `CalendarDataState`
//! and `AllowedSocketRequest` are matched by name and description
//! (`PniProgrammingKeyType`, `PniProgrammingKeyState`, `FprogKeyStateMask`,
//! `EnuCalendarDataState`, `AllowedSocketRequestTypeMask`) **\[V\]** values,
//! **\[I\]** mapping; a device's `Type` and `StateMask` and a module's
//! `RequestType` have no published values and are kept as integers.

use access_core::Error;
use access_core::http::segment;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::decode::int_or_zero;
use crate::ids::{
    NetworkModuleDeviceId, NetworkModuleDeviceRelayId, NetworkModuleId, RealEstateId, ZoneId,
};
use crate::macros::{flags, int_enum};

int_enum! {
    /// `NetworkModule.Type` (`PniProgrammingKeyType`) **\[V\]** values; **\[I\]** mapping.
    pub enum NetworkModuleType {
        /// S10 programming token.
        S10ProgrammingToken = 0 => "S10 programming token",
        /// S10 master token.
        S10MasterToken = 1 => "S10 master token",
        /// S10 master token with an initialize task.
        S10MasterTokenInitialize = 2 => "S10 master token with initialize task",
        /// S10 netbox.
        S10Netbox = 3 => "S10 netbox",
        /// S10 remote station.
        S10RemoteStation = 4 => "S10 remote station",
        /// S10 key scheduler.
        S10KeyScheduler = 5 => "S10 key scheduler",
        /// S10 bridge.
        S10Bridge = 6 => "S10 bridge",
        /// S50 and 5 Series token.
        Token = 7 => "S50 and 5 Series token",
        /// 5 Series N501 network module (uses a USB modem license).
        N501 = 8 => "5 Series N501 network module",
        /// 5 Series N500 network module.
        N500 = 9 => "5 Series N500 network module",
        /// No type.
        NoType = -1 => "no type",
    }
}

int_enum! {
    /// `NetworkModule.State` (`PniProgrammingKeyState`) **\[V\]** values; **\[I\]** mapping.
    pub enum NetworkModuleState {
        /// Not active.
        NotActive = 0 => "not active",
        /// Active.
        Active = 1 => "active",
    }
}

int_enum! {
    /// `NetworkModule.CalendarDataState` (`EnuCalendarDataState`, "network
    /// module's calendar state") **\[V\]** values; **\[I\]** mapping.
    pub enum NetworkModuleCalendarState {
        /// In planning.
        Planning = 0 => "in planning",
        /// Ordered.
        Ordered = 1 => "ordered",
        /// The module has retrieved the calendars.
        Retrieved = 2 => "network module has retrieved calendars",
        /// The module has confirmed retrieving the latest calendars.
        Confirmed = 3 => "network module has confirmed retrieving the latest calendars",
    }
}

int_enum! {
    /// `NetworkModule.AllowedSocketRequest` (`AllowedSocketRequestTypeMask`:
    /// how messages reach the module) **\[V\]** values; **\[I\]** mapping.
    pub enum AllowedSocketRequest {
        /// The messaging system is not in use.
        NotInUse = 0 => "messaging system is not in use",
        /// Messages are delivered through sockets.
        Sockets = 1 => "messages are delivered using sockets",
        /// Messages are delivered through the SignalR service.
        SignalR = 2 => "messages are delivered using SignalR",
    }
}

flags! {
    /// `NetworkModule.StateMask` (`FprogKeyStateMask`, "state mask for tokens and
    /// network modules") **\[V\]** values; **\[I\]** mapping.
    pub struct NetworkModuleStateMask(u64) {
        /// Active (1).
        const ACTIVE = 1;
        /// Programming started (2).
        const PROGRAMMING_STARTED = 2;
        /// Programmed (4).
        const PROGRAMMED = 4;
    }
}

/// A network module (`NetworkModule`) **\[V\]** OpenAPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NetworkModule {
    /// `FProgKey_ID`: the module's id.
    #[serde(rename = "FProgKey_ID")]
    pub id: NetworkModuleId,
    /// `AdapterNr`.
    #[serde(rename = "AdapterNr", default)]
    pub adapter_nr: Option<String>,
    /// `AdapterVersion`.
    #[serde(rename = "AdapterVersion", default)]
    pub adapter_version: Option<String>,
    /// `AllowedIP`.
    #[serde(rename = "AllowedIP", default)]
    pub allowed_ip: Option<String>,
    /// `AllowedSocketRequest`.
    #[serde(rename = "AllowedSocketRequest", default = "not_in_use")]
    pub allowed_socket_request: AllowedSocketRequest,
    /// `BoardHotSpot`.
    #[serde(rename = "BoardHotSpot", default, deserialize_with = "int_or_zero")]
    pub board_hot_spot: i64,
    /// `BoardSettings`.
    #[serde(rename = "BoardSettings", default)]
    pub board_settings: Option<String>,
    /// `CalendarDataModifiedDate`.
    #[serde(
        rename = "CalendarDataModifiedDate",
        default,
        with = "crate::dates::utc_opt"
    )]
    pub calendar_data_modified: Option<DateTime<Utc>>,
    /// `CalendarDataReceivedDate`.
    #[serde(
        rename = "CalendarDataReceivedDate",
        default,
        with = "crate::dates::utc_opt"
    )]
    pub calendar_data_received: Option<DateTime<Utc>>,
    /// `CalendarDataState`.
    #[serde(rename = "CalendarDataState", default = "calendar_planning")]
    pub calendar_data_state: NetworkModuleCalendarState,
    /// `Description`.
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    /// `DeviceLimitCount`.
    #[serde(rename = "DeviceLimitCount", default, deserialize_with = "int_or_zero")]
    pub device_limit_count: i32,
    /// `IPAddress`.
    #[serde(rename = "IPAddress", default)]
    pub ip_address: Option<String>,
    /// `IPAddressUserDefined`: the address the user set, if any.
    #[serde(rename = "IPAddressUserDefined", default)]
    pub ip_address_user_defined: Option<String>,
    /// `KeyId`.
    #[serde(rename = "KeyId", default)]
    pub key_id: Option<String>,
    /// `KeyProgPacketListReceivedDate`.
    #[serde(
        rename = "KeyProgPacketListReceivedDate",
        default,
        with = "crate::dates::utc_opt"
    )]
    pub key_prog_packet_list_received: Option<DateTime<Utc>>,
    /// `LicenseMode`.
    #[serde(rename = "LicenseMode", default, deserialize_with = "int_or_zero")]
    pub license_mode: i64,
    /// `LocationPicture_ID`.
    #[serde(
        rename = "LocationPicture_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub location_picture_id: Option<uuid::Uuid>,
    /// `LocationPointAttributes`.
    #[serde(rename = "LocationPointAttributes", default)]
    pub location_point_attributes: Option<String>,
    /// `LocationPointX`.
    #[serde(rename = "LocationPointX", default)]
    pub location_point_x: Option<f64>,
    /// `LocationPointY`.
    #[serde(rename = "LocationPointY", default)]
    pub location_point_y: Option<f64>,
    /// `OnlineConnectionDate`.
    #[serde(
        rename = "OnlineConnectionDate",
        default,
        with = "crate::dates::utc_opt"
    )]
    pub online_connection: Option<DateTime<Utc>>,
    /// `OnlineKey`.
    #[serde(
        rename = "OnlineKey",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub online_key: Option<uuid::Uuid>,
    /// `OnlineMacAddress`.
    #[serde(rename = "OnlineMacAddress", default)]
    pub online_mac_address: Option<String>,
    /// `OnlineSoftwareVersion`.
    #[serde(rename = "OnlineSoftwareVersion", default)]
    pub online_software_version: Option<String>,
    /// `Port`.
    #[serde(rename = "Port", default, deserialize_with = "int_or_zero")]
    pub port: i64,
    /// `PortUserDefined`: the port the user set, if any.
    #[serde(
        rename = "PortUserDefined",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub port_user_defined: Option<i64>,
    /// `RealEstate_ID`.
    #[serde(
        rename = "RealEstate_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub real_estate_id: Option<RealEstateId>,
    /// `RequestType`: pending requests (values unpublished; probably the
    /// `LockSocketRequestTypeMask` bits, 128 = reboot requested **\[I\]**).
    #[serde(rename = "RequestType", default, deserialize_with = "int_or_zero")]
    pub request_type: i64,
    /// `RequestTypeInfo`: e.g. the reboot time when a reboot is requested.
    #[serde(rename = "RequestTypeInfo", default)]
    pub request_type_info: Option<String>,
    /// `State`.
    #[serde(rename = "State", default = "not_active")]
    pub state: NetworkModuleState,
    /// `StateMask`.
    #[serde(rename = "StateMask", default)]
    pub state_mask: NetworkModuleStateMask,
    /// `Type`.
    #[serde(rename = "Type", default = "no_type")]
    pub module_type: NetworkModuleType,
    /// `Zone_ID`.
    #[serde(
        rename = "Zone_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub zone_id: Option<ZoneId>,
}

fn not_in_use() -> AllowedSocketRequest {
    AllowedSocketRequest::NotInUse
}
fn calendar_planning() -> NetworkModuleCalendarState {
    NetworkModuleCalendarState::Planning
}
fn not_active() -> NetworkModuleState {
    NetworkModuleState::NotActive
}
fn no_type() -> NetworkModuleType {
    NetworkModuleType::NoType
}

/// A device behind a network module (`NetworkModuleDevice`) **\[V\]** OpenAPI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NetworkModuleDevice {
    /// `NetworkModuleDevice_ID`.
    #[serde(rename = "NetworkModuleDevice_ID")]
    pub id: NetworkModuleDeviceId,
    /// `FProgKey_ID`: the network module.
    #[serde(
        rename = "FProgKey_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub network_module_id: Option<NetworkModuleId>,
    /// `Name`.
    #[serde(rename = "Name", default)]
    pub name: Option<String>,
    /// `SerialNo`.
    #[serde(rename = "SerialNo", default)]
    pub serial_no: Option<String>,
    /// `SoftwareVersion`.
    #[serde(rename = "SoftwareVersion", default)]
    pub software_version: Option<String>,
    /// `StateMask` (values unpublished).
    #[serde(rename = "StateMask", default, deserialize_with = "int_or_zero")]
    pub state_mask: i64,
    /// `Type` (values unpublished).
    #[serde(rename = "Type", default, deserialize_with = "int_or_zero")]
    pub device_type: i64,
}

/// A relay of a network module device (`NetworkModuleDeviceRelay`) **\[V\]** OpenAPI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NetworkModuleDeviceRelay {
    /// `NetworkModuleDeviceRelay_ID`.
    #[serde(rename = "NetworkModuleDeviceRelay_ID")]
    pub id: NetworkModuleDeviceRelayId,
    /// `InUse`: 1 when the relay is in use.
    #[serde(rename = "InUse", default, deserialize_with = "int_or_zero")]
    pub in_use: i64,
    /// `Name`.
    #[serde(rename = "Name", default)]
    pub name: Option<String>,
    /// `NetworkModuleDevice_ID`: the device.
    #[serde(
        rename = "NetworkModuleDevice_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub device_id: Option<NetworkModuleDeviceId>,
    /// `RelayNo`.
    #[serde(rename = "RelayNo", default, deserialize_with = "int_or_zero")]
    pub relay_no: i32,
}

impl NetworkModuleDeviceRelay {
    /// Whether the relay is in use (`InUse` not 0).
    pub fn is_in_use(&self) -> bool {
        self.in_use != 0
    }
}

/// `GET /api/v2/NetworkModules` **\[V\]** OpenAPI: every network module. Right:
/// administrate locking system.
#[derive(Debug, Clone)]
pub struct ListNetworkModules {}

impl ListNetworkModules {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for ListNetworkModules {
        name: "GET /api/v2/NetworkModules",
        method: GET,
        path: "api/v2/NetworkModules",
        output: Vec<NetworkModule>,
        error: ListNetworkModulesError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/NetworkModules` (iLOQ documents none per endpoint: its general rows).
    pub enum ListNetworkModulesError {
    }
}

/// `GET /api/v2/NetworkModules/{id}` **\[V\]** OpenAPI: one network module.
/// Right: administrate locking system.
#[derive(Debug, Clone)]
pub struct GetNetworkModule {
    id: NetworkModuleId,
}

impl GetNetworkModule {
    /// The request with its required parameters.
    pub fn new(id: NetworkModuleId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetNetworkModule {
        name: "GET /api/v2/NetworkModules/{id}",
        method: GET,
        path: |s| format!("api/v2/NetworkModules/{}", segment(&s.id.to_string())),
        output: NetworkModule,
        error: GetNetworkModuleError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/NetworkModules/{id}` (its documented row and iLOQ's general rows).
    pub enum GetNetworkModuleError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" **\[I\]** (as for the other
        /// read-by-id calls, **\[V\]** T4E).
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `GET /api/v2/NetworkModuleDevices` **\[V\]** OpenAPI: every network module
/// device. Right: administrate locking system.
#[derive(Debug, Clone)]
pub struct ListNetworkModuleDevices {}

impl ListNetworkModuleDevices {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for ListNetworkModuleDevices {
        name: "GET /api/v2/NetworkModuleDevices",
        method: GET,
        path: "api/v2/NetworkModuleDevices",
        output: Vec<NetworkModuleDevice>,
        error: ListNetworkModuleDevicesError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/NetworkModuleDevices` (iLOQ documents none per endpoint: its general rows).
    pub enum ListNetworkModuleDevicesError {
    }
}

/// `GET /api/v2/NetworkModuleDevices/{id}` **\[V\]** OpenAPI: one device.
/// Right: administrate locking system.
#[derive(Debug, Clone)]
pub struct GetNetworkModuleDevice {
    id: NetworkModuleDeviceId,
}

impl GetNetworkModuleDevice {
    /// The request with its required parameters.
    pub fn new(id: NetworkModuleDeviceId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetNetworkModuleDevice {
        name: "GET /api/v2/NetworkModuleDevices/{id}",
        method: GET,
        path: |s| format!("api/v2/NetworkModuleDevices/{}", segment(&s.id.to_string())),
        output: NetworkModuleDevice,
        error: GetNetworkModuleDeviceError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/NetworkModuleDevices/{id}` (its documented row and iLOQ's general rows).
    pub enum GetNetworkModuleDeviceError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" **\[I\]** (as for the other
        /// read-by-id calls, **\[V\]** T4E).
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `GET /api/v2/NetworkModules/{id}/NetworkModuleDevices` **\[V\]** OpenAPI: the
/// devices of one network module. Right: administrate locking system.
#[derive(Debug, Clone)]
pub struct GetNetworkModuleDevicesOfModule {
    id: NetworkModuleId,
}

impl GetNetworkModuleDevicesOfModule {
    /// The request with its required parameters.
    pub fn new(id: NetworkModuleId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetNetworkModuleDevicesOfModule {
        name: "GET /api/v2/NetworkModules/{id}/NetworkModuleDevices",
        method: GET,
        path: |s| format!("api/v2/NetworkModules/{}/NetworkModuleDevices", segment(&s.id.to_string())),
        output: Vec<NetworkModuleDevice>,
        error: GetNetworkModuleDevicesOfModuleError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/NetworkModules/{id}/NetworkModuleDevices` (iLOQ documents none per endpoint: its general rows).
    pub enum GetNetworkModuleDevicesOfModuleError {
    }
}

/// `GET /api/v2/NetworkModuleDeviceRelays/{id}` **\[V\]** OpenAPI: one relay.
/// Right: administrate locking system.
#[derive(Debug, Clone)]
pub struct GetNetworkModuleDeviceRelay {
    id: NetworkModuleDeviceRelayId,
}

impl GetNetworkModuleDeviceRelay {
    /// The request with its required parameters.
    pub fn new(id: NetworkModuleDeviceRelayId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetNetworkModuleDeviceRelay {
        name: "GET /api/v2/NetworkModuleDeviceRelays/{id}",
        method: GET,
        path: |s| format!("api/v2/NetworkModuleDeviceRelays/{}", segment(&s.id.to_string())),
        output: NetworkModuleDeviceRelay,
        error: GetNetworkModuleDeviceRelayError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/NetworkModuleDeviceRelays/{id}` (its documented row and iLOQ's general rows).
    pub enum GetNetworkModuleDeviceRelayError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" **\[I\]** (as for the other
        /// read-by-id calls, **\[V\]** T4E).
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `GET /api/v2/NetworkModuleDevices/{id}/NetworkModuleDeviceRelays` **\[V\]**
/// OpenAPI: the relays of one device. Right: administrate locking system.
#[derive(Debug, Clone)]
pub struct GetRelaysOfNetworkModuleDevice {
    id: NetworkModuleDeviceId,
}

impl GetRelaysOfNetworkModuleDevice {
    /// The request with its required parameters.
    pub fn new(id: NetworkModuleDeviceId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetRelaysOfNetworkModuleDevice {
        name: "GET /api/v2/NetworkModuleDevices/{id}/NetworkModuleDeviceRelays",
        method: GET,
        path: |s| format!("api/v2/NetworkModuleDevices/{}/NetworkModuleDeviceRelays", segment(&s.id.to_string())),
        output: Vec<NetworkModuleDeviceRelay>,
        error: GetRelaysOfNetworkModuleDeviceError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/NetworkModuleDevices/{id}/NetworkModuleDeviceRelays` (iLOQ documents none per endpoint: its general rows).
    pub enum GetRelaysOfNetworkModuleDeviceError {
    }
}

/// `GET /api/v2/NetworkModules/{id}/NetworkModuleDeviceRelays` **\[V\]**
/// OpenAPI: the relays of every device of one network module. Right:
/// administrate locking system.
#[derive(Debug, Clone)]
pub struct GetRelaysOfNetworkModule {
    id: NetworkModuleId,
}

impl GetRelaysOfNetworkModule {
    /// The request with its required parameters.
    pub fn new(id: NetworkModuleId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetRelaysOfNetworkModule {
        name: "GET /api/v2/NetworkModules/{id}/NetworkModuleDeviceRelays",
        method: GET,
        path: |s| format!("api/v2/NetworkModules/{}/NetworkModuleDeviceRelays", segment(&s.id.to_string())),
        output: Vec<NetworkModuleDeviceRelay>,
        error: GetRelaysOfNetworkModuleError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/NetworkModules/{id}/NetworkModuleDeviceRelays` (iLOQ documents none per endpoint: its general rows).
    pub enum GetRelaysOfNetworkModuleError {
    }
}

/// Network module calls of a [`Client`]: `client.network_modules()` (iLOQ's
/// `NetworkModules`). Right: administrate locking system.
#[derive(Debug, Clone, Copy)]
pub struct NetworkModules<'a>(&'a Client);

/// Network module device calls of a [`Client`]: `client.network_module_devices()`
/// (iLOQ's `NetworkModuleDevices`). Right: administrate locking system.
#[derive(Debug, Clone, Copy)]
pub struct NetworkModuleDevices<'a>(&'a Client);

/// Relay calls of a [`Client`]: `client.network_module_device_relays()` (iLOQ's
/// `NetworkModuleDeviceRelays`). Right: administrate locking system.
#[derive(Debug, Clone, Copy)]
pub struct NetworkModuleDeviceRelays<'a>(&'a Client);

impl Client {
    /// Network modules (`/api/v2/NetworkModules`).
    pub fn network_modules(&self) -> NetworkModules<'_> {
        NetworkModules(self)
    }

    /// Network module devices (`/api/v2/NetworkModuleDevices`).
    pub fn network_module_devices(&self) -> NetworkModuleDevices<'_> {
        NetworkModuleDevices(self)
    }

    /// Network module device relays (`/api/v2/NetworkModuleDeviceRelays`).
    pub fn network_module_device_relays(&self) -> NetworkModuleDeviceRelays<'_> {
        NetworkModuleDeviceRelays(self)
    }
}

impl NetworkModules<'_> {
    /// Every network module (answered whole).
    pub async fn list(self) -> Result<Vec<NetworkModule>, Error<ListNetworkModulesError>> {
        self.0.send(&ListNetworkModules::new()).await
    }

    /// One network module.
    pub async fn get(
        self,
        id: NetworkModuleId,
    ) -> Result<NetworkModule, Error<GetNetworkModuleError>> {
        self.0.send(&GetNetworkModule::new(id)).await
    }
}

impl NetworkModuleDevices<'_> {
    /// Every device (answered whole).
    pub async fn list(
        self,
    ) -> Result<Vec<NetworkModuleDevice>, Error<ListNetworkModuleDevicesError>> {
        self.0.send(&ListNetworkModuleDevices::new()).await
    }

    /// One device.
    pub async fn get(
        self,
        id: NetworkModuleDeviceId,
    ) -> Result<NetworkModuleDevice, Error<GetNetworkModuleDeviceError>> {
        self.0.send(&GetNetworkModuleDevice::new(id)).await
    }

    /// The devices of a network module.
    pub async fn of_network_module(
        self,
        id: NetworkModuleId,
    ) -> Result<Vec<NetworkModuleDevice>, Error<GetNetworkModuleDevicesOfModuleError>> {
        self.0.send(&GetNetworkModuleDevicesOfModule::new(id)).await
    }
}

impl NetworkModuleDeviceRelays<'_> {
    /// One relay.
    pub async fn get(
        self,
        id: NetworkModuleDeviceRelayId,
    ) -> Result<NetworkModuleDeviceRelay, Error<GetNetworkModuleDeviceRelayError>> {
        self.0.send(&GetNetworkModuleDeviceRelay::new(id)).await
    }

    /// The relays of a device.
    pub async fn of_device(
        self,
        id: NetworkModuleDeviceId,
    ) -> Result<Vec<NetworkModuleDeviceRelay>, Error<GetRelaysOfNetworkModuleDeviceError>> {
        self.0.send(&GetRelaysOfNetworkModuleDevice::new(id)).await
    }

    /// The relays of every device of a network module.
    pub async fn of_network_module(
        self,
        id: NetworkModuleId,
    ) -> Result<Vec<NetworkModuleDeviceRelay>, Error<GetRelaysOfNetworkModuleError>> {
        self.0.send(&GetRelaysOfNetworkModule::new(id)).await
    }
}
