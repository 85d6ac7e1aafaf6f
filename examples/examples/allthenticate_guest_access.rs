//! Allthenticate guest access, end to end:
//!
//! 1. create a group and invite a member with a smartcard into it;
//! 2. give a guest a magic link to one door, Monday to Friday 9:00 to 17:00 (UTC);
//! 3. unlock that door for 10 seconds;
//! 4. emergency: lock every door of the organisation.
//!
//! Runs on the built-in simulator unless `ALLTHENTICATE_BASE_URL` is set; then it
//! talks to that API with `ALLTHENTICATE_API_KEY` (and optionally
//! `ALLTHENTICATE_MEMBER_EMAIL`, `ALLTHENTICATE_GUEST_EMAIL`). Against a real
//! organisation this really invites people and moves locks.
//!
//! `cargo run -p examples --no-default-features --features allthenticate --example allthenticate_guest_access`

use std::time::Duration;

use allthenticate_sdk::access_core::model::{EmailAddress, WeeklySchedule};
use allthenticate_sdk::groups::{CreateGroup, GroupRef};
use allthenticate_sdk::guest_links::CreateMagicLink;
use allthenticate_sdk::model::{Smartcard, UnlockTime};
use allthenticate_sdk::prelude::*;
use allthenticate_sdk::resources::{MassLock, SetLockStatus};
use allthenticate_sdk::testkit::AllthenticateSim;
use allthenticate_sdk::users::Invite;

type AnyResult<T> = Result<T, Box<dyn std::error::Error>>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> AnyResult<()> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let mut _simulator = None;
    let (client, target) = match env("ALLTHENTICATE_BASE_URL") {
        Some(url) => {
            let key = env("ALLTHENTICATE_API_KEY")
                .ok_or("ALLTHENTICATE_API_KEY is required with ALLTHENTICATE_BASE_URL")?;
            let client = Client::builder()
                .base_url(url.clone())
                .api_key(SecretString::from(key))
                .attempt_timeout(Duration::from_secs(15))
                .build()?;
            (client, url)
        }
        None => {
            let sim = AllthenticateSim::start().await;
            let client = sim.client();
            let uri = sim.uri();
            _simulator = Some(sim);
            (client, format!("the built-in simulator at {uri}"))
        }
    };
    let member = EmailAddress::new(
        env("ALLTHENTICATE_MEMBER_EMAIL").unwrap_or_else(|| "mia@contractor.example".into()),
    )?;
    let guest = EmailAddress::new(
        env("ALLTHENTICATE_GUEST_EMAIL").unwrap_or_else(|| "guest@partner.example".into()),
    )?;
    println!("Allthenticate guest access on {target}");

    // 1. A group, and a member with a card in it.
    let group_name = format!(
        "Contractors {}",
        client.transport().clock().now().format("%Y-%m-%d")
    );
    let group = client
        .groups()
        .create(CreateGroup::users(group_name.clone(), [])?)
        .await?;
    let invite = Invite::new([member.clone()])?
        .smartcards(vec![vec![
            Smartcard::new("5550001")?.label("Contractor badge"),
        ]])
        .group(GroupRef::new(group.group_id, group_name.clone()));
    let invited = client.users().invite(invite).await?;
    println!(
        "1. group {:?} (id {}); invited {} (added {:?}, already members {:?})",
        group_name, group.group_id, member, invited.added, invited.exists
    );

    // 2. A weekday 9-to-5 guest link to one door, valid for two weeks.
    let doors = client.resources().doors().await?;
    let door = doors
        .iter()
        .find(|d| d.is_door() && d.uuid.is_some())
        .ok_or("the organisation has no door")?;
    let door_name = door.name.clone().unwrap_or_default();
    let link_request = CreateMagicLink::for_doors(
        [guest.clone()],
        [door],
        "Partner visit",
        client.transport().clock().now() + TimeDelta::days(14),
    )?
    .time_mapping(WeeklySchedule::workdays(9, 17)?)
    .send_email(false);
    let link = client.guest_links().create_checked(link_request).await?;
    println!(
        "2. guest link {} for {} to {:?}, Mon-Fri 9-17 UTC; token kept secret ({} chars)",
        link.magic_link_id
            .map(|i| format!("#{i}"))
            .unwrap_or_else(|| "(no id returned)".into()),
        guest,
        door_name,
        link.expose_token().map(str::len).unwrap_or(0)
    );

    // 3. Unlock that door for 10 seconds (never retried).
    let uuid = SetLockStatus::parse_uuid(door.uuid.as_deref().unwrap_or_default())?;
    match client
        .resources()
        .set_lock_status(SetLockStatus::unlock_for(uuid, UnlockTime::seconds(10)?))
        .await
    {
        Ok(ok) => println!("3. {:?}: {}", door_name, ok.message),
        Err(e) if e.may_have_been_sent() => {
            println!("3. {door_name:?}: no answer ({e}); the door may have opened")
        }
        Err(e) => println!("3. {door_name:?}: refused: {e}"),
    }

    // 4. Emergency lock of every door.
    let locked = client
        .resources()
        .mass_lock(MassLock::lock_all().force_lock(true))
        .await?;
    println!("4. emergency lock: {}", locked.message);
    for d in client.resources().doors().await? {
        println!(
            "   {:<20} {}",
            d.name.unwrap_or_default(),
            d.resource_status
                .and_then(|s| s.lock_status)
                .map(|l| format!("{l:?}"))
                .unwrap_or_else(|| "lock state not reported".into())
        );
    }
    Ok(())
}
