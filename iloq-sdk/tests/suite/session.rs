//! Session behaviour on the simulator: single-flight renewal under concurrency.

use iloq_sdk::testkit::IloqSim;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_calls_share_one_renewal() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    c.login().await.unwrap();
    sim.expire_sessions();
    let calls: Vec<_> = (0..12)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.zones().list().await.map(|z| z.len()) })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap(), 3);
    }
    assert_eq!(c.session_setups().await, 2);
    assert_eq!(sim.count("POST", "/iloqwspool1/api/v2/CreateSession"), 2);
}
