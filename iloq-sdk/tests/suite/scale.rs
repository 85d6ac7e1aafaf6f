//! The simulator at size (not timed: the benchmark measures): with 10,000
//! generated persons it starts, and lookups by id and by external id go
//! through its indexes and answer correctly.
#![cfg(feature = "testkit")]

use access_core::testkit::Recording;
use iloq_sdk::testkit::{IloqSim, SimConfig};

#[tokio::test]
async fn ten_thousand_persons_by_id_and_by_external_id() {
    let sim = IloqSim::start_with(
        SimConfig::default()
            .persons(10_000)
            .recording(Recording::Off),
    )
    .await;
    let c = sim.client();

    let id = IloqSim::generated_person_id(9_876);
    let person = c.persons().get(id).await.unwrap();
    assert_eq!(person.id, id);
    assert_eq!(
        person.external_id.as_deref(),
        Some(IloqSim::generated_external_id(9_876).as_str())
    );

    let ext = [
        IloqSim::generated_external_id(42),
        IloqSim::generated_external_id(9_999),
        "HR-1".to_string(),
    ];
    let found = c.persons().by_external_ids(&ext).await.unwrap();
    let ids: Vec<_> = found.iter().map(|p| p.id).collect();
    assert_eq!(
        ids,
        vec![
            sim.seed().persons[0],
            IloqSim::generated_person_id(42),
            IloqSim::generated_person_id(9_999),
        ]
    );
    assert!(
        c.persons()
            .by_external_ids(&["GEN-99999"])
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(c.persons().list().await.unwrap().len(), 10_002);
    // Nothing kept, every request counted.
    assert!(sim.requests().is_empty());
    assert_eq!(
        sim.count("GET", "/iloqwspool1/api/v2/Persons/GetByExternalPersonIds"),
        2
    );
}
