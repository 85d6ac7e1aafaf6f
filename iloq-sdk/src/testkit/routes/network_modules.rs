//! Network modules, their devices and the devices' relays
//! (`crate::network_modules`): read-only, as iLOQ's API is. A relay answers
//! `InUse` 1 while a calendar drives it **\[I\]**.

use access_core::testkit::{SimError, SimRequest, SimResult};
use serde_json::Value;
use uuid::Uuid;

use super::super::state::{SimNetworkModule, SimNmDevice, State};
use super::{Ctx, capture, invalid, ok};

/// The network module in the capture `{id}`, which must exist.
fn module_id(st: &State, req: &SimRequest<'_>) -> Result<Uuid, SimError> {
    let id = capture(req, "id")?;
    if st.network_modules.contains_key(&id) {
        Ok(id)
    } else {
        Err(invalid(req.text("id"), "id"))
    }
}

/// The device in the capture `{id}`, which must exist.
fn device_id(st: &State, req: &SimRequest<'_>) -> Result<Uuid, SimError> {
    let id = capture(req, "id")?;
    if st.nm_devices.contains_key(&id) {
        Ok(id)
    } else {
        Err(invalid(req.text("id"), "id"))
    }
}

/// The relays of `device`, in id order.
fn relays_of(st: &State, device: Uuid) -> Vec<Value> {
    st.nm_devices[&device]
        .relays
        .iter()
        .filter_map(|r| st.relay_json(*r))
        .collect()
}

/// `GET NetworkModules`.
pub(super) fn modules(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    ok(Value::Array(
        st.network_modules
            .values()
            .map(SimNetworkModule::to_json)
            .collect(),
    ))
}

/// `GET NetworkModules/{id}`.
pub(super) fn module(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = module_id(&st, req)?;
    ok(st.network_modules[&id].to_json())
}

/// `GET NetworkModules/{id}/NetworkModuleDevices`.
pub(super) fn devices_of_module(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = module_id(&st, req)?;
    ok(Value::Array(
        st.network_modules[&id]
            .devices
            .iter()
            .filter_map(|d| st.nm_devices.get(d))
            .map(SimNmDevice::to_json)
            .collect(),
    ))
}

/// `GET NetworkModules/{id}/NetworkModuleDeviceRelays`: every device's relays.
pub(super) fn relays_of_module(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = module_id(&st, req)?;
    ok(Value::Array(
        st.network_modules[&id]
            .devices
            .iter()
            .filter(|d| st.nm_devices.contains_key(d))
            .flat_map(|d| relays_of(&st, *d))
            .collect(),
    ))
}

/// `GET NetworkModuleDevices`.
pub(super) fn devices(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    ok(Value::Array(
        st.nm_devices.values().map(SimNmDevice::to_json).collect(),
    ))
}

/// `GET NetworkModuleDevices/{id}`.
pub(super) fn device(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = device_id(&st, req)?;
    ok(st.nm_devices[&id].to_json())
}

/// `GET NetworkModuleDevices/{id}/NetworkModuleDeviceRelays`.
pub(super) fn relays_of_device(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = device_id(&st, req)?;
    ok(Value::Array(relays_of(&st, id)))
}

/// `GET NetworkModuleDeviceRelays/{id}`.
pub(super) fn relay(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = capture(req, "id")?;
    st.relay_json(id)
        .map_or_else(|| Err(invalid(req.text("id"), "id")), ok)
}
