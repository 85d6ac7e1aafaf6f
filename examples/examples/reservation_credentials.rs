//! EasySecure recipe "Default reservation and automated credential creation"
//! (seed: REST - Examples): a reservation becomes a visitor with a validity window,
//! gets a mobile key (setUsers) or a face template (the guest's own app account,
//! setPicture after GDPR consent), is synced to the doors, and is removed after
//! checkout.
//!
//! Runs on the built-in simulator unless `EASYSECURE_BASE_URL` is set; then it
//! logs in as the admin `EASYSECURE_EMAIL` / `EASYSECURE_PASSWORD` of company
//! `EASYSECURE_COMPANY` and WRITES (then expires) one example guest
//! (`SDK-EXAMPLE-RES-0042`). The face step needs a user-path account and runs on
//! the simulator only.
//!
//! `cargo run -p examples --no-default-features --features easysecure --example reservation_credentials`

use std::error::Error;
use std::time::Duration;

use easysecure_sdk::access_core::chrono::Local;
use easysecure_sdk::access_core::model::{Credential, ExternalId, PhoneNumber};
use easysecure_sdk::access_core::traits::{Credentials, Directory};
use easysecure_sdk::prelude::*;
use easysecure_sdk::profile::SetPicture;
use easysecure_sdk::testkit::EasySecureSim;
use easysecure_sdk::users::UserUpsert;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    // Log in to the real system from EASYSECURE_*, or start the simulator
    // (logged in as its seeded admin).
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let need = |k: &str| env(k).ok_or(format!("{k} must be set with EASYSECURE_BASE_URL"));
    let (admin, sim) = match env("EASYSECURE_BASE_URL") {
        Some(url) => {
            let admin = Client::builder()
                .base_url(url)
                .login_admin(
                    need("EASYSECURE_COMPANY")?,
                    need("EASYSECURE_EMAIL")?,
                    SecretString::from(need("EASYSECURE_PASSWORD")?),
                )
                .await?;
            (admin, None)
        }
        None => {
            let sim = EasySecureSim::start().await;
            (sim.client().await, Some(sim))
        }
    };
    let mode = if sim.is_some() { "simulator" } else { "live" };
    println!("EasySecure reservations and credentials ({mode})");
    let now = match &sim {
        Some(s) => s.clock_now(),
        None => Local::now().naive_local(),
    };
    let check_in = now - TimeDelta::hours(1);
    let check_out = now + TimeDelta::days(2);
    let poll = PollPolicy::every(Duration::from_millis(250), Duration::from_secs(120));

    // 1. Import the reservation as a visitor valid for the stay.
    let groups = admin.groups().list().await?;
    let group = groups
        .iter()
        .find(|g| g.name.to_lowercase().contains("visit"))
        .or(groups.first())
        .map(|g| g.name.clone())
        .ok_or("the company has no access groups")?;
    let guest = WsAltUserId::new("SDK-EXAMPLE-RES-0042")?;
    admin
        .users()
        .upsert(
            UserUpsert::new(guest.clone())
                .name("Grace", "Hopper")
                .visitor(true)
                .validity(Some(check_in), Some(check_out))
                .groups([group.clone()], true),
        )
        .await?;
    println!(
        "guest {guest} valid {} .. {} in group {group:?}",
        easysecure_sdk::model::format_datetime(&check_in),
        easysecure_sdk::model::format_datetime(&check_out)
    );

    // 2. Credential: a mobile key (setUsers, then a sync as a pending operation).
    let user = admin
        .users()
        .find(&guest)
        .await?
        .ok_or("guest not found after import")?;
    println!(
        "EasySecure user id {}",
        user.user_id.as_deref().unwrap_or("-")
    );
    let id = ExternalId::new(guest.as_str())?;
    let key = Credential::mobile_key(Some(PhoneNumber::new("+31612345678")?), None)?;
    let state = admin.issue_credential(&id, &key).await?.wait(&poll).await?;
    println!("mobile key: {state:?}");

    // ... or a face template, from the guest's own picture on the user path.
    if let Some(sim) = &sim {
        let app = Client::builder()
            .base_url(sim.uri())
            .clock(sim.shared_clock())
            .login_user(
                EasySecureSim::COMPANY,
                EasySecureSim::USER_EMAIL,
                SecretString::from(EasySecureSim::USER_PASSWORD),
            )
            .await?;
        let picture = SetPicture::upload("face.jpg", &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16])?;
        match app.profile().set_picture(picture.clone()).await {
            Err(e) => println!("face before consent: {e}"),
            Ok(_) => println!("face accepted"),
        }
        app.profile().set_consent(true).await?;
        app.profile().set_picture(picture).await?;
        app.syncs().start().await?;
        println!("face set after GDPR consent and synced by the user");
        let scan = sim.present(&guest, EasySecureSim::ENTRANCE, "");
        println!("guest at the entrance: scanID {scan:?}");
    }

    // 3. Checkout: expire the guest, drop groups and credentials, sync.
    let outcome = admin.remove_person(&id).await?;
    println!("after checkout: {outcome:?}");
    if let Some(sim) = &sim {
        let view = sim.user(&guest).ok_or("guest vanished")?;
        println!(
            "terminals updated: {}, groups {:?}, mobile key {}",
            view.in_sync, view.groups, view.mobile_key
        );
    }
    Ok(())
}
