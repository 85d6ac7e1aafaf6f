//! Calendars, their entries, and the entries' and calendars' links
//! (`crate::calendars`): iLOQ's `CalendarDataTitles`, `CalendarDatas`,
//! `CalendarDataSecurityRoleLinks` and `CalendarNetworkModuleRelayLinks`.
//!
//! Chosen where iLOQ's document is silent **\[I\]**: deleting a calendar deletes
//! its entries and relay links, deleting a recurring entry its exceptions; an
//! update keeps an entry's kind and its role links; an exception must name the
//! `Re_ID` of a recurring entry of the same calendar; unlinking a role that is
//! not linked is no error. The simulator keeps no security roles, so the links
//! accept any GUID as a role (`State::is_security_role`).

use std::collections::{BTreeMap, BTreeSet};

use access_core::testkit::{SimError, SimRequest, SimResult};
use chrono::NaiveDateTime;
use serde_json::{Value, json};
use uuid::Uuid;

use super::super::state::{
    SimCalendar, SimCalendarData, SimCalendarKind, State, parse_local, text,
};
use super::{Ctx, body, capture, invalid, ok, uuid_field, void};

// ---- readers of iLOQ's request models ----

/// A required GUID field (`Invalid value` naming it otherwise).
fn guid(v: &Value, field: &str) -> Result<Uuid, SimError> {
    uuid_field(v, field).ok_or_else(|| invalid(v.get(field).unwrap_or(&Value::Null), field))
}

/// An integer field; a missing one is .NET's default 0, a wrong type is refused.
fn int(v: &Value, field: &str) -> Result<i64, SimError> {
    match v.get(field) {
        None | Some(Value::Null) => Ok(0),
        Some(x) => x.as_i64().ok_or_else(|| invalid(x, field)),
    }
}

/// An optional local date-time field, kept as sent once it parses.
fn time(v: &Value, field: &str) -> Result<Option<String>, SimError> {
    match v.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if parse_local(s).is_some() => Ok(Some(s.clone())),
        Some(x) => Err(invalid(x, field)),
    }
}

/// A required local date-time field.
fn required_time(v: &Value, field: &str) -> Result<String, SimError> {
    time(v, field)?.ok_or_else(|| invalid("null", field))
}

/// A list of GUIDs (`SecurityRoleIds`, `NetworkModuleDeviceRelayIds`): missing
/// or `null` is empty; an element that is no GUID is refused.
pub(super) fn guid_list(v: &Value, field: &str) -> Result<BTreeSet<Uuid>, SimError> {
    match v.get(field) {
        None | Some(Value::Null) => Ok(BTreeSet::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .and_then(|s| Uuid::parse_str(s).ok())
                    .ok_or_else(|| invalid(i, field))
            })
            .collect(),
        Some(x) => Err(invalid(x, field)),
    }
}

/// `CalendarDataTitleInsert` / `CalendarDataTitleUpdate`.
fn calendar_from_json(st: &State, v: &Value) -> Result<SimCalendar, SimError> {
    let id = guid(v, "CalendarDataTitle_ID")?;
    let zone = guid(v, "Zone_ID")?;
    if !st.zones.iter().any(|z| z.id == zone) {
        return Err(invalid(zone, "Zone_ID"));
    }
    let weeks = int(v, "ReservablePeriodLengthWeeks")?;
    if weeks < 0 {
        return Err(invalid(weeks, "ReservablePeriodLengthWeeks"));
    }
    Ok(SimCalendar {
        id,
        name: text(v, "Name"),
        description: text(v, "Description"),
        option_mask: int(v, "OptionMask")?,
        real_estate: guid(v, "RealEstate_ID")?,
        reservable_weeks: weeks,
        reservation_target: int(v, "ReservationTargetType")?,
        calendar_type: int(v, "Type")?,
        zone,
        datas: BTreeSet::new(),
        relays: BTreeSet::new(),
    })
}

/// Which list of `CalendarDataInsertParam`/`CalendarDataUpdateParam` an item is in.
#[derive(Clone, Copy, PartialEq)]
enum List {
    Entries,
    RecurringEntries,
    RecurringEntryExceptions,
}

const LISTS: [(List, &str); 3] = [
    (List::Entries, "Entries"),
    (List::RecurringEntries, "RecurringEntries"),
    (List::RecurringEntryExceptions, "RecurringEntryExceptions"),
];

/// One item of a list, as iLOQ's model of that list.
fn data_from_json(v: &Value, list: List) -> Result<SimCalendarData, SimError> {
    let start = time(v, "StartDateTime")?;
    let end = time(v, "EndDateTime")?;
    if let (Some(s), Some(e)) = (&start, &end)
        && parse_local(s) > parse_local(e)
    {
        return Err(invalid(s, "StartDateTime"));
    }
    let kind = match list {
        List::Entries => SimCalendarKind::Entry,
        List::RecurringEntries => {
            let range_start = required_time(v, "Re_RangeStartDate")?;
            let range_end = required_time(v, "Re_RangeEndDate")?;
            if parse_local(&range_start) > parse_local(&range_end) {
                return Err(invalid(range_start, "Re_RangeStartDate"));
            }
            let days = int(v, "Re_PatternDaysOfWeek")?;
            let frequency = int(v, "Re_PatternFrequency")?;
            if frequency == 1 && !(1..=127).contains(&days) {
                return Err(invalid(days, "Re_PatternDaysOfWeek"));
            }
            let duration = int(v, "Re_OccurrenceDurationTicks")?;
            if duration < 0 {
                return Err(invalid(duration, "Re_OccurrenceDurationTicks"));
            }
            SimCalendarKind::Recurring {
                re_id: guid(v, "Re_ID")?,
                duration_ticks: duration,
                occurrence_start: required_time(v, "Re_OccurrenceStartTime")?,
                days_of_week: days,
                frequency,
                range_end,
                range_limit: int(v, "Re_RangeLimit")?,
                range_start,
            }
        }
        List::RecurringEntryExceptions => SimCalendarKind::Exception {
            removed: v
                .get("A_IsRemoved")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            original_start: time(v, "OriginalStartDateTime")?,
            recurrence: guid(v, "RecurrenceId")?,
        },
    };
    Ok(SimCalendarData {
        id: guid(v, "CalendarData_ID")?,
        calendar: guid(v, "CalendarDataTitle_ID")?,
        start,
        end,
        subject: text(v, "Subject"),
        data_type: int(v, "Type")?,
        kind,
        roles: BTreeSet::new(),
    })
}

/// Every item of the body's three lists, checked against the state and each
/// other: the calendars exist, no id twice, an exception names a recurring
/// entry (already there or in the same body) of its calendar. `update` asks
/// that every id exists with the same kind; an insert, that none does.
fn datas_from_body(st: &State, b: &Value, update: bool) -> Result<Vec<SimCalendarData>, SimError> {
    let mut items = Vec::new();
    for (list, field) in LISTS {
        match b.get(field) {
            None | Some(Value::Null) => {}
            Some(Value::Array(a)) => {
                for v in a {
                    items.push(data_from_json(v, list)?);
                }
            }
            Some(x) => return Err(invalid(x, field)),
        }
    }
    if items.is_empty() {
        return Err(invalid("null", "Entries"));
    }
    let mut seen = BTreeSet::new();
    // Recurring entries by Re_ID: the state's, then the body's.
    let mut recurrences: BTreeMap<Uuid, Uuid> = BTreeMap::new();
    for d in &items {
        if !seen.insert(d.id) {
            return Err(invalid(d.id, "CalendarData_ID"));
        }
        if !st.calendars.contains_key(&d.calendar) {
            return Err(invalid(d.calendar, "CalendarDataTitle_ID"));
        }
        match (st.calendar_datas.get(&d.id), update) {
            (Some(_), false) | (None, true) => return Err(invalid(d.id, "CalendarData_ID")),
            (Some(old), true) if old.kind.label() != d.kind.label() => {
                return Err(invalid(d.id, "CalendarData_ID"));
            }
            _ => {}
        }
        if let SimCalendarKind::Recurring { re_id, .. } = &d.kind {
            let taken = st.recurrence(*re_id).is_some_and(|owner| owner != d.id);
            if taken || recurrences.insert(*re_id, d.calendar).is_some() {
                return Err(invalid(re_id, "Re_ID"));
            }
        }
    }
    for d in &items {
        if let SimCalendarKind::Exception { recurrence, .. } = &d.kind {
            let calendar = recurrences.get(recurrence).copied().or_else(|| {
                st.recurrence(*recurrence)
                    .and_then(|owner| st.calendar_datas.get(&owner))
                    .map(|o| o.calendar)
            });
            if calendar != Some(d.calendar) {
                return Err(invalid(recurrence, "RecurrenceId"));
            }
        }
    }
    Ok(items)
}

/// The calendar in the capture `{id}`, which must exist.
fn calendar_id(st: &State, req: &SimRequest<'_>) -> Result<Uuid, SimError> {
    let id = capture(req, "id")?;
    if st.calendars.contains_key(&id) {
        Ok(id)
    } else {
        Err(invalid(req.text("id"), "id"))
    }
}

/// The calendar entry in the capture `{id}`, which must exist.
fn data_id(st: &State, req: &SimRequest<'_>) -> Result<Uuid, SimError> {
    let id = capture(req, "id")?;
    if st.calendar_datas.contains_key(&id) {
        Ok(id)
    } else {
        Err(invalid(req.text("id"), "id"))
    }
}

/// A query date (`startDate`, `endDate`), if given.
fn query_time(req: &SimRequest<'_>, name: &str) -> Result<Option<NaiveDateTime>, SimError> {
    match req.query(name) {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => parse_local(&s).map(Some).ok_or_else(|| invalid(s, name)),
    }
}

// ---- CalendarDataTitles ----

/// `GET CalendarDataTitles`.
pub(super) fn titles(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    ok(Value::Array(
        st.calendars.values().map(SimCalendar::to_json).collect(),
    ))
}

/// `GET CalendarDataTitles/{id}`.
pub(super) fn title(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = calendar_id(&st, req)?;
    ok(st.calendars[&id].to_json())
}

/// `POST CalendarDataTitles` (`CalendarDataTitleInsert`): a new id, a known zone.
pub(super) fn insert_title(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let mut st = ctx.lock();
    let calendar = calendar_from_json(&st, &b)?;
    if st.calendars.contains_key(&calendar.id) {
        return Err(invalid(calendar.id, "CalendarDataTitle_ID"));
    }
    st.calendars.insert(calendar.id, calendar);
    void()
}

/// `PUT CalendarDataTitles` (`CalendarDataTitleUpdate`): every field is
/// replaced; the entries and relay links stay.
pub(super) fn update_title(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let mut st = ctx.lock();
    let mut calendar = calendar_from_json(&st, &b)?;
    let Some(old) = st.calendars.get(&calendar.id) else {
        return Err(invalid(calendar.id, "CalendarDataTitle_ID"));
    };
    calendar.datas = old.datas.clone();
    calendar.relays = old.relays.clone();
    st.calendars.insert(calendar.id, calendar);
    void()
}

/// `DELETE CalendarDataTitles/{id}`: with its entries and relay links.
pub(super) fn delete_title(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let mut st = ctx.lock();
    let id = calendar_id(&st, req)?;
    st.remove_calendar(id);
    void()
}

// ---- CalendarDatas ----

/// `GET CalendarDataTitles/{id}/CalendarDatas?startDate=&endDate=`
/// (`CalendarDataGetByCalendarIdResult`): the entries whose span meets the window.
pub(super) fn datas_of_title(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = calendar_id(&st, req)?;
    let from = query_time(req, "startDate")?;
    let to = query_time(req, "endDate")?;
    let mut lists: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for (_, field) in LISTS {
        lists.insert(field, Vec::new());
    }
    for d in st.calendars[&id]
        .datas
        .iter()
        .map(|d| &st.calendar_datas[d])
    {
        let (start, end) = d.span();
        let after_from = match (from, end) {
            (Some(f), Some(e)) => e >= f,
            _ => true,
        };
        let before_to = match (to, start) {
            (Some(t), Some(s)) => s <= t,
            _ => true,
        };
        if after_from && before_to {
            let field = match d.kind {
                SimCalendarKind::Entry => "Entries",
                SimCalendarKind::Recurring { .. } => "RecurringEntries",
                SimCalendarKind::Exception { .. } => "RecurringEntryExceptions",
            };
            lists.entry(field).or_default().push(d.to_json());
        }
    }
    ok(json!(lists))
}

/// `GET CalendarDatas/{id}` (`CalendarDataGetByCalendarDataIdResult`): the
/// entry under its kind's name, the other two `null`.
pub(super) fn data(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = data_id(&st, req)?;
    let d = &st.calendar_datas[&id];
    let mut answer =
        json!({ "Entry": null, "RecurringEntry": null, "RecurringEntryException": null });
    answer[d.kind.label()] = d.to_json();
    ok(answer)
}

/// `POST CalendarDatas` (`CalendarDataInsertParam`): all or nothing.
pub(super) fn insert_datas(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let mut st = ctx.lock();
    for d in datas_from_body(&st, &b, false)? {
        st.insert_calendar_data(d);
    }
    void()
}

/// `PUT CalendarDatas` (`CalendarDataUpdateParam`): each entry replaced by id,
/// keeping its kind and its role links.
pub(super) fn update_datas(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let mut st = ctx.lock();
    for mut d in datas_from_body(&st, &b, true)? {
        d.roles = st.calendar_datas[&d.id].roles.clone();
        st.insert_calendar_data(d);
    }
    void()
}

/// `DELETE CalendarDatas/{id}`: with its role links (and a recurring entry's
/// exceptions).
pub(super) fn delete_data(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let mut st = ctx.lock();
    let id = data_id(&st, req)?;
    st.remove_calendar_data(id);
    void()
}

// ---- CalendarDataSecurityRoleLinks ----

/// `CalendarDataSecurityRoleLink` rows.
fn role_links(pairs: impl Iterator<Item = (Uuid, Uuid)>) -> Value {
    Value::Array(
        pairs
            .map(|(data, role)| json!({ "CalendarData_ID": data, "SecurityRole_ID": role }))
            .collect(),
    )
}

/// The body's `SecurityRoleIds`, each a security role.
fn roles_of_body(st: &State, b: &Value) -> Result<BTreeSet<Uuid>, SimError> {
    let roles = guid_list(b, "SecurityRoleIds")?;
    if let Some(r) = roles.iter().find(|r| !st.is_security_role(**r)) {
        return Err(invalid(r, "SecurityRoleIds"));
    }
    Ok(roles)
}

/// `GET CalendarDatas/{id}/CalendarDataSecurityRoleLinks`.
pub(super) fn role_links_of_data(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = data_id(&st, req)?;
    ok(role_links(
        st.calendar_datas[&id].roles.iter().map(|r| (id, *r)),
    ))
}

/// `GET SecurityRoles/{id}/CalendarDataSecurityRoleLinks`.
pub(super) fn role_links_of_role(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let role = capture(req, "id")?;
    if !st.is_security_role(role) {
        return Err(invalid(req.text("id"), "id"));
    }
    ok(role_links(st.datas_of_role(role).map(|d| (d, role))))
}

/// `POST CalendarDatas/{id}/CalendarDataSecurityRoleLinks`
/// (`CalendarDataSecurityRoleLinksInsertLinksParam`): adds links.
pub(super) fn insert_role_links(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let mut st = ctx.lock();
    let id = data_id(&st, req)?;
    let add = roles_of_body(&st, &b)?;
    if add.is_empty() {
        return Err(invalid("null", "SecurityRoleIds"));
    }
    let mut roles = st.calendar_datas[&id].roles.clone();
    roles.extend(add);
    st.set_data_roles(id, roles);
    void()
}

/// `PUT CalendarDatas/{id}/CalendarDataSecurityRoleLinks`
/// (`CalendarDataSecurityRoleLinksSetLinksParam`): the whole set; none clears.
pub(super) fn set_role_links(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let mut st = ctx.lock();
    let id = data_id(&st, req)?;
    let roles = roles_of_body(&st, &b)?;
    st.set_data_roles(id, roles);
    void()
}

/// `POST CalendarDatas/{id}/CalendarDataSecurityRoleLinks/Delete`
/// (`CalendarDataSecurityRoleLinksDeleteLinksParam`): removes links.
pub(super) fn delete_role_links(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let mut st = ctx.lock();
    let id = data_id(&st, req)?;
    let remove = guid_list(&b, "SecurityRoleIds")?;
    if remove.is_empty() {
        return Err(invalid("null", "SecurityRoleIds"));
    }
    let roles = st.calendar_datas[&id]
        .roles
        .difference(&remove)
        .copied()
        .collect();
    st.set_data_roles(id, roles);
    void()
}

// ---- CalendarNetworkModuleRelayLinks ----

/// `CalendarNetworkModuleRelayLink` rows.
fn relay_links(pairs: impl Iterator<Item = (Uuid, Uuid)>) -> Value {
    Value::Array(
        pairs
            .map(|(calendar, relay)| {
                json!({ "CalendarDataTitle_ID": calendar, "NetworkModuleDeviceRelay_ID": relay })
            })
            .collect(),
    )
}

/// `GET CalendarDataTitles/{id}/CalendarNetworkModuleDeviceRelayLinks`.
pub(super) fn relay_links_of_calendar(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = calendar_id(&st, req)?;
    ok(relay_links(
        st.calendars[&id].relays.iter().map(|r| (id, *r)),
    ))
}

/// `GET NetworkModuleDeviceRelays/{id}/CalendarNetworkModuleDeviceRelayLinks`.
pub(super) fn relay_links_of_relay(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let relay = capture(req, "id")?;
    if !st.nm_relays.contains_key(&relay) {
        return Err(invalid(req.text("id"), "id"));
    }
    ok(relay_links(
        st.calendars_of_relay(relay).map(|c| (c, relay)),
    ))
}

/// `PUT CalendarDataTitles/{id}/CalendarNetworkModuleDeviceRelayLinks`
/// (`CalendarNetworkModuleDeviceRelayLinksSetLinksParam`): the whole set of
/// relays, each known; none clears.
pub(super) fn set_relay_links(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let mut st = ctx.lock();
    let id = calendar_id(&st, req)?;
    let relays = guid_list(&b, "NetworkModuleDeviceRelayIds")?;
    if let Some(r) = relays.iter().find(|r| !st.nm_relays.contains_key(r)) {
        return Err(invalid(r, "NetworkModuleDeviceRelayIds"));
    }
    st.set_calendar_relays(id, relays);
    void()
}
