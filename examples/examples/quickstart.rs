//! The tour: what each SDK of the family does, on four vendors in one run.
//!
//! `cargo run -p examples --example quickstart`
//!
//! With no configuration every vendor runs on its built-in simulator (in process,
//! on loopback). Set a vendor's environment variables to tour the real system
//! instead, each vendor independently (see `docs/recipes.md`):
//! `EASYSECURE_BASE_URL`… (and `EASYSECURE_SOAP_URL` with
//! `EASYSECURE_SECURITY_KEY` for the SOAP webservice), `ILOQ_BASE_URL`…,
//! `ALLTHENTICATE_BASE_URL`…, `EF45_BASE_URL`. `access-sim --env-file sim.env`
//! writes all of them for its simulators. Against a real system the tour only reads, unless
//! `QUICKSTART_WRITE=1` (then it creates a person `QS-…`, issues a card or key,
//! moves a door and, on an EF-45, asks you to stand in front of the device).
//!
//! A vendor that fails is reported and the tour goes on with the next.

use std::error::Error;
use std::time::Duration;

use access_core::PollPolicy;
use access_core::model::{
    AccessEvent, CardNumber, DoorId, EmailAddress, EventCursor, Validity, WeeklySchedule,
};
use access_core::traits::{DoorControl, EventLog};
use examples::capabilities;
use examples::vendors::{self, Mode, Site};
use futures_util::{StreamExt, TryStreamExt};

type Res<T> = Result<T, Box<dyn Error>>;

/// Prints one step of a vendor's tour.
fn step(what: &str, text: impl std::fmt::Display) {
    println!("  {what:<9} {text}");
}

fn fast(sim: bool) -> PollPolicy {
    if sim {
        PollPolicy::every(Duration::from_millis(20), Duration::from_secs(10))
    } else {
        PollPolicy::every(Duration::from_millis(500), Duration::from_secs(120))
    }
}

fn event_line(e: &AccessEvent) -> String {
    format!(
        "{} {:<10} {} at {}",
        e.occurred_at.format("%Y-%m-%d %H:%M:%S"),
        e.kind.to_string(),
        e.person.as_deref().unwrap_or("someone"),
        e.device.as_deref().unwrap_or("the device")
    )
}

/// The last `n` events after `cursor`, through access-core's `EventLog`.
async fn new_events(log: &dyn EventLog, cursor: Option<EventCursor>) -> Res<Vec<AccessEvent>> {
    Ok(log.events_since(cursor).try_collect().await?)
}

fn print_events(events: &[AccessEvent]) {
    step("events", format!("{} new through EventLog", events.len()));
    for e in events.iter().rev().take(4).rev() {
        println!("  {:<9}   {}", "", event_line(e));
    }
}

// ---------------------------------------------------------------- EasySecure

async fn easysecure(v: &vendors::EasySecure, write: bool) -> Res<()> {
    use easysecure_sdk::WsAltUserId;
    use easysecure_sdk::sync::AdminSync;
    use easysecure_sdk::testkit::EasySecureSim;
    use easysecure_sdk::users::UserUpsert;

    let admin = &v.client;
    step(
        "login",
        "admin session (idToken renewed before its hour is up)",
    );
    let users = admin.users().all().await?;
    let groups = admin.groups().list().await?;
    step(
        "people",
        format!(
            "{} users, groups: {}",
            users.len(),
            groups
                .iter()
                .map(|g| g.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    let start = admin.logs().id_range().await?;
    let cursor = start
        .max_id
        .map(|id| EventCursor::new("easysecure", id.to_string()));
    if !write {
        step("write", "skipped on a real system (set QUICKSTART_WRITE=1)");
    } else {
        let group = groups
            .iter()
            .find(|g| g.name == "Staff")
            .or(groups.first())
            .ok_or("the company has no access groups")?
            .name
            .clone();
        let id = WsAltUserId::new("QS-0001")?;
        let card = CardNumber::from_decimal("3735928559")?;
        admin
            .users()
            .set(vec![
                UserUpsert::new(id.clone())
                    .name("Quinn", "Start")
                    .groups([group.clone()], true)
                    .card(&card),
            ])
            .await?;
        step(
            "setUsers",
            format!("QS-0001 Quinn Start in {group:?} with card {card}"),
        );
        let op = admin.syncs().to_terminals(AdminSync::user(id)).await?;
        step(
            "sync",
            format!(
                "started, an Operation at stage {:?}",
                op.stage().unwrap_or("pending")
            ),
        );
        let report = op.wait(&fast(v.sim.is_some())).await?;
        step(
            "",
            format!(
                "done: {} terminal entries, {}",
                report.entries.len(),
                if report.any_failed() {
                    "some FAILED"
                } else {
                    "all confirmed"
                }
            ),
        );
        if let Some(sim) = &v.sim {
            sim.clock().advance(Duration::from_secs(30));
            sim.present(
                &easysecure_sdk::WsAltUserId::new("QS-0001").expect("a valid id"),
                EasySecureSim::ENTRANCE,
                "",
            );
            step("door", "(simulator) Quinn badges at the main entrance");
        }
    }
    print_events(&new_events(admin, cursor).await?);
    easysecure_soap(v).await
}

/// The same company through ESWS, EasySecure's SOAP webservice, which has its
/// own security key instead of a login: the simulator's, or the one at
/// `EASYSECURE_SOAP_URL` with `EASYSECURE_SECURITY_KEY`.
async fn easysecure_soap(v: &vendors::EasySecure) -> Res<()> {
    use easysecure_sdk::soap::SoapClient;

    let soap = match (&v.sim, vendors::env("EASYSECURE_SOAP_URL")) {
        (Some(sim), _) => sim.soap_client(),
        (None, Some(url)) => {
            let key = vendors::env("EASYSECURE_SECURITY_KEY")
                .ok_or("EASYSECURE_SECURITY_KEY must be set with EASYSECURE_SOAP_URL")?;
            SoapClient::builder(access_core::SecretString::from(key))
                .base_url(url)
                .build()?
        }
        (None, None) => {
            step(
                "soap",
                "skipped (set EASYSECURE_SOAP_URL and EASYSECURE_SECURITY_KEY)",
            );
            return Ok(());
        }
    };
    let users = soap.users().all().await?;
    let groups = soap.groups().list().await?;
    step(
        "soap",
        format!(
            "ESWS sees {} users in {} groups (getUsers, getGroups)",
            users.len(),
            groups.len()
        ),
    );
    Ok(())
}

// ---------------------------------------------------------------------- iLOQ

async fn iloq(v: &vendors::Iloq, write: bool) -> Res<()> {
    use iloq_sdk::SecurityAccessId;
    use iloq_sdk::auth::RightsMask;
    use iloq_sdk::keys::KeyTypeMask;
    use iloq_sdk::persons::Person;

    let client = &v.client;
    let session = client.login().await?;
    step(
        "session",
        format!(
            "locking system {:?}; may order keys: {}",
            session.lock_group.name.as_deref().unwrap_or("(unnamed)"),
            session.rights.contains(RightsMask::ORDER_KEYS)
        ),
    );
    let persons = client.persons().list().await?;
    let keys = client.keys().list().await?;
    step(
        "people",
        format!("{} persons, {} keys", persons.len(), keys.len()),
    );
    // Where the audit trail stands: resume from here at the end.
    let since = client.now();
    if !write {
        step("write", "skipped on a real system (set QUICKSTART_WRITE=1)");
    } else {
        let person = match client
            .persons()
            .by_external_ids(&["QS-0001"])
            .await?
            .first()
        {
            Some(p) => p.id,
            None => {
                client
                    .persons()
                    .insert(
                        Person::new("QS-0001")?
                            .name("Quinn", "Start")
                            .external_id("QS-0001"),
                        vec![],
                    )
                    .await?
            }
        };
        step("person", "QS-0001 Quinn Start (ExternalPersonId QS-0001)");
        let key = keys
            .iter()
            .filter(|k| k.person_id.is_none() && k.key_type.is_physical())
            .find(|k| k.key_type == KeyTypeMask::S5_KEY)
            .ok_or("no pre-added S5 key without a holder")?;
        let accesses = client.security_accesses().list().await?;
        let api: Vec<SecurityAccessId> = accesses
            .iter()
            .filter(|a| a.is_api_access())
            .map(|a| a.id)
            .take(1)
            .collect();
        let op = client.flows().link_key(key.id, person, &api).await?;
        step(
            "link key",
            format!(
                "S5 key {} linked with {} API access right(s) and ordered: {}",
                key.id,
                api.len(),
                op.stage().unwrap_or("pending")
            ),
        );
        if let Some(sim) = &v.sim {
            sim.program_key(key.id);
            step(
                "program",
                "(simulator) Quinn holds the key to a wall reader",
            );
            let k = op.wait(&fast(true)).await?;
            step("", format!("the key is {:?}", k.programming_state));
            sim.clock().advance(Duration::from_secs(30));
            sim.record_access(sim.seed().locks[0], Some(key.id), client.now(), true);
            sim.clock().advance(Duration::from_secs(1));
            step("door", "(simulator) Quinn opens the main entrance cylinder");
        } else {
            step(
                "program",
                "program the key at a programming key or wall reader",
            );
        }
    }
    let cursor = iloq_sdk::lock_logs::AuditCursor::at(since);
    let events = new_events(client, Some(EventCursor::new("iloq", cursor.to_string()))).await?;
    print_events(&events);
    client.logout().await?;
    step("logout", "session killed");
    Ok(())
}

// ------------------------------------------------------------- Allthenticate

async fn allthenticate(v: &vendors::Allthenticate, write: bool) -> Res<()> {
    use allthenticate_sdk::users::{Invite, ListUsers};

    let client = &v.client;
    let members = client.send(&ListUsers::new()).await?;
    step("api key", "every call carries the organisation's API key");
    let doors = client.list_doors().await?;
    step(
        "people",
        format!(
            "{} members; doors: {}",
            members.len(),
            doors
                .iter()
                .map(|d| d.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    if !write {
        step("write", "skipped on a real system (set QUICKSTART_WRITE=1)");
        return Ok(());
    }
    let email = EmailAddress::new("quinn.start@example.com")?;
    let invited = client.users().invite(Invite::new([email.clone()])?).await?;
    step(
        "invite",
        format!(
            "{email}: {}",
            if invited.exists.is_empty() {
                "invited"
            } else {
                "already a member"
            }
        ),
    );
    let door = doors
        .iter()
        .find(|d| d.online != Some(false))
        .ok_or("the organisation has no online door")?;
    let now = client.transport().clock().now().naive_utc();
    let link = client
        .guest_links()
        .grant(
            EmailAddress::new("guest@partner.example")?,
            std::slice::from_ref(&door.id),
            "Quickstart visit",
            Validity::between(now, now + chrono::Duration::days(7))?,
            WeeklySchedule::workdays(9, 17)?,
        )
        .await?;
    step(
        "guest",
        format!(
            "magic link {} to {:?}, weekdays 9-17, one week (token kept secret)",
            link.magic_link_id
                .map(|i| format!("#{i}"))
                .unwrap_or_else(|| "(no id)".into()),
            door.name
        ),
    );
    let door_id: &DoorId = &door.id;
    let state = client
        .unlock(door_id, Duration::from_secs(10))
        .await?
        .wait(&fast(true))
        .await?;
    step("unlock", format!("{:?} for 10 s: {state:?}", door.name));
    step("events", "Allthenticate documents no event export");
    Ok(())
}

// --------------------------------------------------------------------- EF-45

async fn ef45(v: &vendors::Ef45, write: bool) -> Res<()> {
    use ef45_sdk::UserUuid;
    use ef45_sdk::camera::CameraMode;
    use ef45_sdk::subjects::Subject;
    use ef45_sdk::users::User;

    let client = &v.client;
    let on_device = v.sim.is_none();
    let version = client.version().await?;
    if client.connect().await.is_err() {
        client.take_over().await?;
    }
    step("connect", format!("lock taken on app {}", version.version));
    let before = new_events(client, None).await?;
    let cursor = before.last().map(|e| e.cursor.clone());
    step(
        "logs",
        format!(
            "{} entries so far; cursor {}",
            before.len(),
            cursor
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_else(|| "(empty)".into())
        ),
    );
    if !write {
        step("write", "skipped on a real device (set QUICKSTART_WRITE=1)");
    } else {
        client.camera().set_mode(CameraMode::Slave).await?;
        if on_device {
            step("enrol", "look at the device now (face and both eyes)...");
        }
        let capture = examples::vendors::capture_face_and_eyes(client, on_device).await?;
        let uuid = UserUuid::new("QS-0001")?;
        let subject = Subject::new(uuid.clone(), "Start", "Quinn")?.templates(
            capture.left_eye_template.clone(),
            capture.right_eye_template.clone(),
        );
        let user = User::new(subject)
            .card(CardNumber::from_hex_pairs("DE AD BE EF")?)
            .faces(capture.faces.clone());
        client.users().save(user).await?;
        step(
            "enrol",
            format!(
                "QS-0001 Quinn Start: iris {}, {} face(s), card DE AD BE EF",
                if capture.has_iris() { "yes" } else { "no" },
                capture.faces.len()
            ),
        );
        match &v.sim {
            Some(sim) => {
                sim.present(&ef45_sdk::UserUuid::new("QS-0001").expect("a valid id"));
            }
            None => step("recognise", "present yourself at the device..."),
        }
        let matched = client
            .recognition()
            .match_stream(PollPolicy::every(
                Duration::from_millis(if on_device { 200 } else { 20 }),
                Duration::from_secs(60),
            ))
            .next()
            .await
            .transpose()?;
        match matched {
            Some(m) => step(
                "recognise",
                format!(
                    "{}: {}",
                    m.user_uuid
                        .map(|u| u.to_string())
                        .unwrap_or_else(|| "an unknown person".into()),
                    m.additional_data.unwrap_or_default()
                ),
            ),
            None => step("recognise", "nobody within a minute"),
        }
    }
    print_events(&new_events(client, cursor).await?);
    client.disconnect().await?;
    step("release", "lock released for other clients");
    Ok(())
}

// ---------------------------------------------------------------------- main

fn header(name: &str, mode: &Result<&Mode, &String>) {
    match mode {
        Ok(m) => println!("\n== {name} ({m})"),
        Err(_) => println!("\n== {name}"),
    }
}

fn outcome(name: &'static str, r: Res<()>, failed: &mut Vec<&'static str>) {
    if let Err(e) = r {
        println!("  FAILED    {e}");
        failed.push(name);
    }
}

#[tokio::main]
async fn main() {
    println!("Access-control SDK family: a tour of four vendors through one vocabulary");
    let site = Site::connect().await;
    let write_live = vendors::env("QUICKSTART_WRITE").as_deref() == Some("1");
    let writes = |m: &Mode| *m == Mode::Simulator || write_live;
    let mut failed = Vec::new();

    header(
        "EasySecure (REST admin)",
        &site.easysecure.as_ref().map(|v| &v.mode),
    );
    let r = match &site.easysecure {
        Ok(v) => easysecure(v, writes(&v.mode)).await,
        Err(e) => Err(format!("not connected: {e}").into()),
    };
    outcome("easysecure", r, &mut failed);

    header("iLOQ 5 Series", &site.iloq.as_ref().map(|v| &v.mode));
    let r = match &site.iloq {
        Ok(v) => iloq(v, writes(&v.mode)).await,
        Err(e) => Err(format!("not connected: {e}").into()),
    };
    outcome("iloq", r, &mut failed);

    header(
        "Allthenticate",
        &site.allthenticate.as_ref().map(|v| &v.mode),
    );
    let r = match &site.allthenticate {
        Ok(v) => allthenticate(v, writes(&v.mode)).await,
        Err(e) => Err(format!("not connected: {e}").into()),
    };
    outcome("allthenticate", r, &mut failed);

    header("CMITech EF-45", &site.ef45.as_ref().map(|v| &v.mode));
    let r = match &site.ef45 {
        Ok(v) => ef45(v, writes(&v.mode)).await,
        Err(e) => Err(format!("not connected: {e}").into()),
    };
    outcome("ef45", r, &mut failed);

    println!("\n== What each client offers through access-core's traits");
    // The same rows as docs/capabilities.md (which a test keeps in step).
    for line in capabilities::render(&capabilities::site_rows(&site))
        .lines()
        .filter(|l| l.starts_with('|'))
    {
        println!("  {line}");
    }
    println!(
        "\nNext: `cargo run -p examples --example hr_sync` and `--example audit_export`; docs/recipes.md"
    );
    if failed.is_empty() {
        println!("All four vendors toured.");
    } else {
        println!("Failed: {} (the others ran).", failed.join(", "));
        std::process::exit(1);
    }
}
