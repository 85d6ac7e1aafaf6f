//! iLOQ's calendar and network-module recipes on the simulator: find the
//! network module's relays, make a calendar that drives a relay on a weekly
//! schedule with exceptions, and link PIN-code entries to security roles.
#![cfg(feature = "testkit")]

use access_core::{Error, ErrorKind};
use chrono::NaiveDateTime;
use iloq_sdk::calendars::*;
use iloq_sdk::network_modules::*;
use iloq_sdk::testkit::IloqSim;
use iloq_sdk::*;

fn local(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap()
}

fn root() -> RealEstateId {
    RealEstateId::new(uuid::Uuid::nil())
}

#[tokio::test]
async fn the_network_module_its_devices_and_relays() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let seed = sim.seed().clone();

    let modules = c.network_modules().list().await.unwrap();
    assert_eq!(modules.len(), 1);
    let m = c.network_modules().get(seed.network_module).await.unwrap();
    assert_eq!(m, modules[0]);
    assert_eq!(
        (m.module_type, m.state, m.description.as_deref()),
        (
            NetworkModuleType::N501,
            NetworkModuleState::Active,
            Some("N501 Main building")
        )
    );
    assert!(m.state_mask.contains(NetworkModuleStateMask::ACTIVE));

    let devices = c
        .network_module_devices()
        .of_network_module(seed.network_module)
        .await
        .unwrap();
    assert_eq!(
        devices.iter().map(|d| d.id).collect::<Vec<_>>(),
        seed.network_module_devices
    );
    assert_eq!(c.network_module_devices().list().await.unwrap(), devices);
    let a = c
        .network_module_devices()
        .get(seed.network_module_devices[0])
        .await
        .unwrap();
    assert_eq!(
        (a.name.as_deref(), a.network_module_id),
        (Some("Door controller A"), Some(seed.network_module))
    );

    let relays = c.network_module_device_relays();
    let all = relays.of_network_module(seed.network_module).await.unwrap();
    assert_eq!(
        all.iter().map(|r| r.id).collect::<Vec<_>>(),
        seed.network_module_device_relays
    );
    let of_a = relays.of_device(a.id).await.unwrap();
    assert_eq!(of_a.iter().map(|r| r.relay_no).collect::<Vec<_>>(), [1, 2]);
    // The seeded calendar drives relay A1: it is in use, A2 is not.
    let a1 = relays.get(of_a[0].id).await.unwrap();
    assert!(a1.is_in_use() && !of_a[1].is_in_use());
    let links = c
        .calendar_network_module_relay_links()
        .of_relay(a1.id)
        .await
        .unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].calendar_id, seed.calendar);

    // Unknown ids are iLOQ's 400 "Invalid value", typed.
    let err = c
        .network_modules()
        .get(NetworkModuleId::generate())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err.service_error(),
            Some(GetNetworkModuleError::NotFound { .. })
        ),
        "{err:?}"
    );
    let err = relays
        .of_device(NetworkModuleDeviceId::generate())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err:?}");
}

#[tokio::test]
async fn a_calendar_drives_relays_on_a_weekly_schedule_with_exceptions() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let seed = sim.seed().clone();
    let titles = c.calendar_data_titles();

    // 1. The calendar.
    let id = titles
        .insert(
            InsertCalendarDataTitle::new(root(), seed.office_zone, 0)
                .name("Office doors")
                .description("Front door unlocked in office hours"),
        )
        .await
        .unwrap();
    let title = titles.get(id).await.unwrap();
    assert_eq!(title.name.as_deref(), Some("Office doors"));
    assert_eq!(
        titles.list().await.unwrap().len(),
        2,
        "the seeded one and ours"
    );
    // Read, modify, write back: what was read is kept.
    titles
        .update(
            UpdateCalendarDataTitle::from_title(&title)
                .unwrap()
                .name("Office front door"),
        )
        .await
        .unwrap();
    let title = titles.get(id).await.unwrap();
    assert_eq!(
        (title.name.as_deref(), title.description.as_deref()),
        (
            Some("Office front door"),
            Some("Front door unlocked in office hours")
        )
    );

    // 2. Its entries: Monday to Friday 08:00 for 9 hours through 2025, not on
    // the Friday of week 23, and one Saturday morning.
    let weekly = CalendarDataRecurringEntry::weekly(
        id,
        CalendarDataType::RelayOn,
        DaysOfWeek::WORKDAYS,
        local("2025-01-01T08:00:00"),
        9 * 60,
        local("2025-01-01T00:00:00"),
        local("2025-12-31T00:00:00"),
    )
    .unwrap()
    .subject("Office hours");
    let holiday =
        CalendarDataRecurringEntryException::removed(&weekly, local("2025-06-06T08:00:00"));
    let saturday = CalendarDataEntry::new(
        id,
        CalendarDataType::RelayOn,
        local("2025-06-07T09:00:00"),
        local("2025-06-07T13:00:00"),
    )
    .unwrap()
    .subject("Open house");
    let datas = c.calendar_datas();
    datas
        .insert(
            CalendarDataSet::new()
                .recurring_entry(weekly.clone())
                .exception(holiday.clone())
                .entry(saturday.clone()),
        )
        .await
        .unwrap();
    let all = datas
        .of_calendar(GetCalendarDatasOfTitle::new(id))
        .await
        .unwrap();
    assert_eq!(all.recurring_entries, vec![weekly.clone()]);
    assert_eq!(all.recurring_entry_exceptions, vec![holiday.clone()]);
    assert_eq!(all.entries, vec![saturday.clone()]);
    // A window in July sees the weekly entry only.
    let july = datas
        .of_calendar(
            GetCalendarDatasOfTitle::new(id)
                .start_date(local("2025-07-01T00:00:00"))
                .end_date(local("2025-07-31T23:45:00")),
        )
        .await
        .unwrap();
    assert_eq!(july.ids(), vec![weekly.entry.id]);
    let item = datas.get(holiday.entry.id).await.unwrap();
    assert_eq!(item.recurring_entry_exception, Some(holiday.clone()));
    assert!(item.entry.is_none() && item.recurring_entry.is_none());

    // An exception must name a recurring entry of the calendar.
    let mut stray = holiday.clone().id(CalendarDataId::generate());
    stray.recurrence_id = CalendarRecurrenceId::generate();
    let err = datas
        .insert(CalendarDataSet::new().exception(stray))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err:?}");

    // Move the Saturday an hour later.
    let mut later = saturday.clone();
    later.start = Some(local("2025-06-07T10:00:00"));
    later.end = Some(local("2025-06-07T14:00:00"));
    datas
        .update(CalendarDataSet::new().entry(later.clone()))
        .await
        .unwrap();
    assert_eq!(
        datas.get(saturday.id).await.unwrap().entry,
        Some(later.clone())
    );

    // 3. The calendar drives relays A2 and B1 (the whole set is given).
    let links = c.calendar_network_module_relay_links();
    let (a2, b1) = (
        seed.network_module_device_relays[1],
        seed.network_module_device_relays[2],
    );
    links.set(id, vec![a2, b1]).await.unwrap();
    let mut linked: Vec<_> = links
        .of_calendar(id)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.relay_id.unwrap())
        .collect();
    linked.sort();
    assert_eq!(linked, vec![a2, b1]);
    assert!(
        c.network_module_device_relays()
            .get(b1)
            .await
            .unwrap()
            .is_in_use()
    );
    links.set(id, vec![b1]).await.unwrap();
    assert!(links.of_relay(a2).await.unwrap().is_empty());
    let err = links
        .set(id, vec![NetworkModuleDeviceRelayId::generate()])
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err:?}");

    // 4. Deleting the weekly entry takes its exception with it; deleting the
    // calendar its entries and relay links.
    datas.delete(weekly.entry.id).await.unwrap();
    let left = datas
        .of_calendar(GetCalendarDatasOfTitle::new(id))
        .await
        .unwrap();
    assert_eq!(left.ids(), vec![saturday.id]);
    titles.delete(id).await.unwrap();
    let err = titles.get(id).await.unwrap_err();
    assert!(
        matches!(
            err.service_error(),
            Some(GetCalendarDataTitleError::NotFound { .. })
        ),
        "{err:?}"
    );
    assert!(links.of_relay(b1).await.unwrap().is_empty());
    assert!(
        !c.network_module_device_relays()
            .get(b1)
            .await
            .unwrap()
            .is_in_use()
    );
    let err = datas.get(saturday.id).await.unwrap_err();
    assert!(
        matches!(
            err.service_error(),
            Some(GetCalendarDataError::NotFound { .. })
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn pin_code_entries_are_linked_to_security_roles() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let calendar = sim.seed().calendar;
    // The seeded code access groups.
    let (staff, cleaners) = (sim.seed().security_roles[0], sim.seed().security_roles[1]);
    let pin = CalendarDataEntry::new(
        calendar,
        CalendarDataType::SecurityRolePin,
        local("2025-06-02T06:00:00"),
        local("2025-06-02T22:00:00"),
    )
    .unwrap()
    .subject("PIN code access");
    c.calendar_datas()
        .insert(CalendarDataSet::new().entry(pin.clone()))
        .await
        .unwrap();

    let links = c.calendar_data_security_role_links();
    links.insert(pin.id, vec![staff, cleaners]).await.unwrap();
    let mut roles: Vec<_> = links
        .of_calendar_data(pin.id)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.security_role_id.unwrap())
        .collect();
    roles.sort();
    let mut both = vec![staff, cleaners];
    both.sort();
    assert_eq!(roles, both);
    let by_role = links.of_security_role(staff).await.unwrap();
    assert_eq!(by_role.len(), 1);
    assert_eq!(by_role[0].calendar_data_id, pin.id);

    // The whole set: only the cleaners remain.
    links.set(pin.id, vec![cleaners]).await.unwrap();
    assert!(links.of_security_role(staff).await.unwrap().is_empty());
    // Updating the entry keeps its links.
    c.calendar_datas()
        .update(CalendarDataSet::new().entry(pin.clone().subject("PIN (cleaners)")))
        .await
        .unwrap();
    assert_eq!(links.of_calendar_data(pin.id).await.unwrap().len(), 1);
    links.delete(pin.id, vec![cleaners]).await.unwrap();
    assert!(links.of_calendar_data(pin.id).await.unwrap().is_empty());

    // Nothing to link is refused before anything is sent; an empty set clears.
    let before = sim.requests().len();
    let err = links.insert(pin.id, vec![]).await.unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    assert_eq!(sim.requests().len(), before);
    links.insert(pin.id, vec![staff]).await.unwrap();
    links.set(pin.id, vec![]).await.unwrap();
    assert!(links.of_calendar_data(pin.id).await.unwrap().is_empty());

    // Deleting the entry deletes its links; an unknown entry is "Invalid value".
    links.insert(pin.id, vec![staff]).await.unwrap();
    c.calendar_datas().delete(pin.id).await.unwrap();
    assert!(links.of_security_role(staff).await.unwrap().is_empty());
    let err = links.of_calendar_data(pin.id).await.unwrap_err();
    assert!(
        matches!(
            err.service_error(),
            Some(GetCalendarDataSecurityRoleLinksError::InvalidValue { .. })
        ),
        "{err:?}"
    );
}
