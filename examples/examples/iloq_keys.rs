//! iLOQ: link a pre-added S5 key to a person with API access rights, order it,
//! program it, and collect the audit trail.
//!
//! Runs on the built-in simulator unless `ILOQ_BASE_URL` is set; then it uses
//! `ILOQ_CUSTOMER_CODE`, `ILOQ_USERNAME`, `ILOQ_PASSWORD` and optional
//! `ILOQ_LOCK_GROUP`, and only reads unless `ILOQ_EXAMPLE_WRITE=1` (linking and
//! ordering change the real locking system).
//!
//! `cargo run -p examples --no-default-features --features iloq --example iloq_keys`

use std::time::Duration;

use iloq_sdk::auth::RightsMask;
use iloq_sdk::keys::KeyTypeMask;
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
    let state = client.login().await?;
    println!(
        "iLOQ session on {} (locking system {:?}, may order keys: {})",
        state.base_url(),
        state.lock_group.name,
        state.rights.contains(RightsMask::ORDER_KEYS)
    );

    let keys = client.keys().list().await?;
    let free: Vec<_> = keys
        .iter()
        .filter(|k| k.key_type.is_physical() && k.person_id.is_none())
        .collect();
    println!(
        "{} keys, {} pre-added physical keys without a holder",
        keys.len(),
        free.len()
    );
    let accesses = client.security_accesses().list().await?;
    let api: Vec<SecurityAccessId> = accesses
        .iter()
        .filter(|a| a.is_api_access())
        .map(|a| a.id)
        .collect();
    println!(
        "{} access rights, {} of them API access rights (the only ones the API may assign)",
        accesses.len(),
        api.len()
    );

    let write = sim.is_some() || std::env::var("ILOQ_EXAMPLE_WRITE").as_deref() == Ok("1");
    if write
        && let Some(key) = free
            .iter()
            .find(|k| k.key_type == KeyTypeMask::S5_KEY)
            .or(free.first())
    {
        let person = Person::new("SDK-EX-1")?
            .name("Example", "Holder")
            .external_id("sdk-example-1");
        let person = match client
            .persons()
            .by_external_ids(&["sdk-example-1"])
            .await?
            .first()
        {
            Some(p) => p.id,
            None => client.persons().insert(person, vec![]).await?,
        };
        let op = client
            .flows()
            .link_key(key.id, person, &api[..api.len().min(1)])
            .await?;
        println!(
            "linked key {} ({}) to the person; stage: {}",
            key.id,
            key.description.as_deref().unwrap_or(""),
            op.stage().unwrap_or("?")
        );
        if let Some(sim) = &sim {
            println!("(simulator) the holder presents the key to an online wall reader...");
            sim.program_key(key.id);
            sim.record_access(sim.seed().locks[0], Some(key.id), Utc::now(), true);
            sim.record_access(sim.seed().locks[1], Some(key.id), Utc::now(), false);
            sim.clock().advance(Duration::from_secs(1));
        }
        match op
            .wait(&PollPolicy::every(
                Duration::from_millis(200),
                Duration::from_secs(2),
            ))
            .await
        {
            Ok(k) => println!("key is {:?}", k.programming_state),
            Err(e) => println!("not programmed yet: {e}"),
        }
    }

    let since = client.now() - TimeDelta::days(1);
    let trail: Vec<_> = client
        .lock_logs()
        .audit_trail(None, since, TimeDelta::hours(6))
        .collect()
        .await;
    println!(
        "audit trail of the last 24 h (by arrival time): {} entries",
        trail.len()
    );
    for entry in trail.iter().take(5) {
        let (log, cursor) = entry.as_ref().map_err(|e| e.to_string())?;
        println!(
            "  {} lock {} key {:?} type {:?}  (resume with {cursor})",
            log.going_date.unwrap_or(log.timestamp),
            log.lock_id,
            log.key_id,
            log.access_type
        );
    }
    client.logout().await?;
    println!("session killed");
    Ok(())
}
