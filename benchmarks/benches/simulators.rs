//! The simulators at size (issue 15): requests per second of a lookup through
//! each vendor's simulator seeded with 100 and with 10,000 generated people
//! (`SimConfig::users(n)` / `persons(n)`, request recording off), through the
//! SDK's own client on loopback.
//!
//! Each lookup names a different person each call (cycling through all of
//! them), so a simulator that scanned its people per request would slow down
//! about a hundredfold at 10,000. The figures include the client's own cost,
//! which does not depend on the size: the ratio of the two sizes is the
//! simulator's. Printed, never asserted (time); what is asserted is that every
//! lookup found the person it asked for.
//!
//! `cargo bench -p benchmarks --bench simulators`; smoke mode (`BENCH_SMOKE=1`,
//! or without `--bench`): 100 calls per row instead of 2,000.

use std::future::Future;
use std::time::Instant;

use benchmarks::{machine_line, smoke_mode};

const SIZES: [usize; 2] = [100, 10_000];

/// Runs `calls` lookups (the `i`-th on person `i % people`), after a warm-up
/// of 20, and answers calls per second.
async fn rate<F, Fut>(people: usize, calls: usize, lookup: F) -> f64
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = ()>,
{
    for i in 0..20 {
        lookup(i % people).await;
    }
    let start = Instant::now();
    for i in 0..calls {
        lookup((i * 7919) % people).await;
    }
    calls as f64 / start.elapsed().as_secs_f64()
}

async fn iloq(people: usize, calls: usize) -> Vec<(&'static str, f64)> {
    use iloq_sdk::testkit::{IloqSim, Recording, SimConfig};
    let sim = IloqSim::start_with(
        SimConfig::default()
            .persons(people)
            .recording(Recording::Off),
    )
    .await;
    let c = sim.client();
    let by_id = rate(people, calls, |i| {
        let c = c.clone();
        async move {
            let p = c
                .persons()
                .get(IloqSim::generated_person_id(i))
                .await
                .expect("person");
            assert_eq!(p.id, IloqSim::generated_person_id(i));
        }
    })
    .await;
    let by_external = rate(people, calls, |i| {
        let c = c.clone();
        async move {
            let ext = IloqSim::generated_external_id(i);
            let found = c.persons().by_external_ids(&[&ext]).await.expect("persons");
            assert_eq!(found.len(), 1);
        }
    })
    .await;
    vec![
        ("GET /Persons/{id}", by_id),
        ("GET /Persons/GetByExternalPersonIds", by_external),
    ]
}

async fn ef45(people: usize, calls: usize) -> Vec<(&'static str, f64)> {
    use ef45_sdk::testkit::{Ef45Sim, Recording, SimConfig, generated_card, generated_user};
    let sim =
        Ef45Sim::start_with(SimConfig::default().users(people).recording(Recording::Off)).await;
    let c = sim.client();
    let by_uuid = rate(people, calls, |i| {
        let c = c.clone();
        async move {
            let u = c.users().get(&generated_user(i)).await.expect("user");
            assert_eq!(u.subject.user_uuid, generated_user(i));
        }
    })
    .await;
    let by_card = rate(people, calls, |i| {
        let c = c.clone();
        async move {
            let info = c
                .user_info()
                .by_card(&generated_card(i))
                .await
                .expect("info");
            assert_eq!(info.user_uuid, generated_user(i));
        }
    })
    .await;
    vec![
        ("GET /user/{user_uuid}", by_uuid),
        ("GET /user-info/card/{card}", by_card),
    ]
}

async fn allthenticate(people: usize, calls: usize) -> Vec<(&'static str, f64)> {
    use allthenticate_sdk::EmailId;
    use allthenticate_sdk::model::Smartcard;
    use allthenticate_sdk::smartcards::ModifySmartcards;
    use allthenticate_sdk::testkit::{AllthenticateSim, Recording, SimConfig};
    let sim =
        AllthenticateSim::start_with(SimConfig::default().users(people).recording(Recording::Off))
            .await;
    let c = sim.client();
    // Generated member i (from 0) has email_id 4 + i; setting the card it
    // already holds finds the member by id and the card's owner by number.
    let by_id = rate(people, calls, |i| {
        let c = c.clone();
        async move {
            let card = Smartcard::new(format!("77{i:06}")).expect("card");
            let request =
                ModifySmartcards::new(EmailId::new(4 + i as i64), [card]).expect("request");
            c.smartcards().assign(request).await.expect("assigned");
        }
    })
    .await;
    vec![("POST /modifysmartcards", by_id)]
}

async fn easysecure(people: usize, calls: usize) -> Vec<(&'static str, f64)> {
    use easysecure_sdk::WsAltUserId;
    use easysecure_sdk::testkit::{EasySecureSim, Recording, SimConfig};
    use easysecure_sdk::users::GetUsers;
    let sim =
        EasySecureSim::start_with(SimConfig::default().users(people).recording(Recording::Off))
            .await;
    let ids: Vec<_> = (1..=people)
        .map(|i| {
            let ws = WsAltUserId::new(format!("SIM-{i:05}")).expect("id");
            sim.user(&ws).expect("generated user").user_id
        })
        .collect();
    let admin = sim.client().await;
    let by_id = rate(people, calls, |i| {
        let admin = admin.clone();
        let id = ids[i];
        async move {
            let found = admin
                .users()
                .page(GetUsers::new().user_id(id))
                .await
                .expect("users");
            assert_eq!(found.len(), 1);
        }
    })
    .await;
    vec![("POST /admins/getUsers (userId)", by_id)]
}

/// One vendor's rows at one size: `(people, calls)` to `(lookup, req/s)` pairs.
type Run = fn(usize, usize) -> std::pin::Pin<Box<dyn Future<Output = Vec<(&'static str, f64)>>>>;

fn main() {
    let smoke = smoke_mode();
    let calls = if smoke { 100 } else { 2_000 };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "simulators at size: {calls} sequential lookups per row; {}",
        machine_line()
    );
    println!("| vendor | lookup | 100 people (req/s) | 10,000 people (req/s) | 10,000 / 100 |");
    println!("|---|---|---|---|---|");
    rt.block_on(async {
        let vendors: [(&str, Run); 4] = [
            ("iLOQ", |p, c| Box::pin(iloq(p, c))),
            ("EF-45", |p, c| Box::pin(ef45(p, c))),
            ("Allthenticate", |p, c| Box::pin(allthenticate(p, c))),
            ("EasySecure", |p, c| Box::pin(easysecure(p, c))),
        ];
        for (vendor, run) in vendors {
            let small = run(SIZES[0], calls).await;
            let large = run(SIZES[1], calls).await;
            for ((lookup, a), (_, b)) in small.iter().zip(&large) {
                println!("| {vendor} | `{lookup}` | {a:.0} | {b:.0} | {:.2} |", b / a);
            }
        }
    });
}
