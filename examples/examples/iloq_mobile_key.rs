//! iLOQ: send a mobile key (phone key) invite, let the app register it,
//! re-send the invite, and revoke the key.
//!
//! Runs on the built-in simulator unless `ILOQ_BASE_URL` is set; then it uses
//! `ILOQ_CUSTOMER_CODE`, `ILOQ_USERNAME`, `ILOQ_PASSWORD`, optional
//! `ILOQ_LOCK_GROUP`, and sends a real invite only with `ILOQ_EXAMPLE_PHONE`
//! (an E.164 number) set.
//!
//! `cargo run -p examples --no-default-features --features iloq --example iloq_mobile_key`

use std::time::Duration;

use iloq_sdk::access_core::model::PhoneNumber;
use iloq_sdk::flows::Invite;
use iloq_sdk::persons::Person;
use iloq_sdk::prelude::*;
use iloq_sdk::testkit::IloqSim;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

#[tokio::main]
async fn main() -> Res<()> {
    // The real system from ILOQ_*, or the simulator (with its seeded API user).
    // Building makes no request: the session opens on the first call.
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let need = |k: &str| env(k).ok_or(format!("{k} must be set with ILOQ_BASE_URL"));
    let (client, sim) = match env("ILOQ_BASE_URL") {
        Some(url) => {
            let mut builder = Client::builder()
                .base_url(url)
                .customer_code(need("ILOQ_CUSTOMER_CODE")?)
                .credentials(
                    need("ILOQ_USERNAME")?,
                    SecretString::from(need("ILOQ_PASSWORD")?),
                );
            if let Some(lock_group) = env("ILOQ_LOCK_GROUP") {
                builder = builder.lock_group(lock_group.parse::<LockGroupId>()?);
            }
            (builder.build()?, None)
        }
        None => {
            let sim = IloqSim::start().await;
            (sim.client(), Some(sim))
        }
    };
    let phone = match (&sim, std::env::var("ILOQ_EXAMPLE_PHONE")) {
        (_, Ok(p)) => PhoneNumber::new(p)?,
        (Some(_), Err(_)) => PhoneNumber::new("+31612345678")?,
        (None, Err(_)) => {
            println!(
                "live system: set ILOQ_EXAMPLE_PHONE to send a real invite; listing phone keys only"
            );
            let keys = client.keys().list().await?;
            println!(
                "{} phone keys",
                keys.iter().filter(|k| k.is_phone()).count()
            );
            client.logout().await?;
            return Ok(());
        }
    };
    let person = match client
        .persons()
        .by_external_ids(&["sdk-example-2"])
        .await?
        .first()
    {
        Some(p) => p.id,
        None => {
            let p = Person::new("SDK-EX-2")?
                .name("Mobile", "Holder")
                .external_id("sdk-example-2");
            client.persons().insert(p, vec![]).await?
        }
    };
    let api: Vec<_> = client
        .security_accesses()
        .list()
        .await?
        .into_iter()
        .filter(|a| a.is_api_access())
        .map(|a| a.id)
        .take(1)
        .collect();
    let op = client
        .flows()
        .send_mobile_key(person, Invite::Sms(phone.clone()), &api)
        .await?;
    println!(
        "mobile key invite sent to {}; stage: {}",
        phone.as_str(),
        op.stage().unwrap_or("?")
    );
    let key = client
        .persons()
        .keys(person)
        .await?
        .into_iter()
        .rev()
        .find(|k| k.is_phone())
        .ok_or("no phone key")?;
    client.flows().resend_invite(key.id).await?;
    println!("invite re-sent (ReRegister)");
    if let Some(sim) = &sim {
        println!("(simulator) invites sent: {}", sim.invites().len());
        println!("(simulator) the key holder opens the link in the iLOQ S50 app...");
        sim.register_phone(key.id);
    }
    match op
        .wait(&PollPolicy::every(
            Duration::from_millis(200),
            Duration::from_secs(2),
        ))
        .await
    {
        Ok(k) => println!("phone key is {:?}", k.programming_state),
        Err(e) => println!("not registered yet: {e}"),
    }
    let revoked = client.flows().unlink_key(key.id).await?;
    println!(
        "phone key returned (revoked when the app next connects): {:?}",
        revoked.result().map(|k| k.state)
    );
    client.logout().await?;
    Ok(())
}
