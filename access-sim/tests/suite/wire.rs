//! Plain HTTP against the server (no SDK): what travels is each vendor's own
//! wire format, so a program in any language sees what the vendor would send.

use serde_json::{Value, json};

use crate::process::{Sim, get_json, http, send_json};

fn esws(function: &str, key: &str) -> String {
    let key = key
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<soapenv:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" \
         xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:uen=\"uen:esws\">\
         <soapenv:Header/><soapenv:Body>\
         <uen:Esws.{function} soapenv:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\">\
         <p_companyID xsi:type=\"xsd:string\">{key}</p_companyID>\
         </uen:Esws.{function}></soapenv:Body></soapenv:Envelope>"
    )
}

async fn soap(sim: &Sim, function: &str) -> (u16, String, String) {
    let key = sim.banner["easysecure_soap"]["security_key"]
        .as_str()
        .unwrap();
    let r = http()
        .post(format!("{}/webservicesesws", sim.url("easysecure_soap")))
        .header("content-type", "text/xml; charset=utf-8")
        .header("soapaction", format!("\"uen:esws#Esws.{function}\""))
        .body(esws(function, key))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, ct, r.text().await.unwrap())
}

#[tokio::test]
async fn easysecure_rest_logs_in_and_lists_groups_with_a_bearer_id_token() {
    let sim = Sim::start(&[], &[]);
    let base = sim.url("easysecure");
    let es = &sim.banner["easysecure"];
    let (status, login) = send_json(
        "POST",
        &format!("{base}/admins/login"),
        json!({ "company": es["company"], "email": es["admin_email"], "password": es["admin_password"] }),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(login["expiresIn"], "3600");
    let token = login["idToken"].as_str().expect("an idToken");
    assert!(login["refreshToken"].is_string());
    let r = http()
        .post(format!("{base}/admins/getGroups"))
        .bearer_auth(token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let groups: Value = r.json().await.unwrap();
    assert!(groups.to_string().contains("Staff"), "{groups}");

    let (status, refused) = send_json(
        "POST",
        &format!("{base}/admins/login"),
        json!({ "company": es["company"], "email": es["admin_email"], "password": "wrong" }),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        refused,
        json!({ "message": "Invalid Login Credentials", "code": "404", "url": "/admins/login" })
    );
}

#[tokio::test]
async fn easysecure_soap_answers_an_envelope_with_an_encoded_soap_response() {
    let sim = Sim::start(&[], &[]);
    let (status, content_type, body) = soap(&sim, "getGroups").await;
    assert_eq!(status, 200, "{body}");
    assert!(content_type.starts_with("text/xml"), "{content_type}");
    assert!(body.contains("<SOAP-ENV:Envelope"), "{body}");
    assert!(body.contains("Esws.getGroupsResponse"), "{body}");
    assert!(body.contains("Staff"), "{body}");
}

#[tokio::test]
async fn iloq_resolves_the_pool_on_the_callers_host_then_creates_a_session() {
    let sim = Sim::start(&[], &[]);
    let base = sim.url("iloq");
    let iloq = &sim.banner["iloq"];
    let (status, pool) = send_json(
        "POST",
        &format!("{base}/api/v2/Url/GetUrl"),
        json!({ "CustomerCode": iloq["customer_code"] }),
    )
    .await;
    assert_eq!(status, 200);
    let pool = pool
        .as_str()
        .expect("GetUrl answers a JSON string")
        .to_string();
    assert_eq!(pool, format!("{base}/iloqwspool1/"));
    let (status, session) = send_json(
        "POST",
        &format!("{pool}api/v2/CreateSession"),
        json!({
            "CustomerCode": iloq["customer_code"],
            "UserName": iloq["username"],
            "Password": iloq["password"],
        }),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(session["Result"], 0);
    assert!(session["SessionID"].is_string(), "{session}");
}

#[tokio::test]
async fn allthenticate_takes_its_key_in_a_header_and_refuses_without_one() {
    let sim = Sim::start(&[], &[]);
    let base = sim.url("allthenticate");
    let key = sim.banner["allthenticate"]["api_key"].as_str().unwrap();
    let r = http()
        .get(format!("{base}/multipleresources"))
        .header("x-api-key", key)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let doors: Value = r.json().await.unwrap();
    assert!(doors.to_string().contains("Downstairs Door"), "{doors}");
    let (status, refused) = get_json(&format!("{base}/multipleresources")).await;
    assert_eq!(status, 401);
    assert_eq!(refused, json!({ "error": "Invalid or missing API key" }));
}

#[tokio::test]
async fn the_ef45_answers_under_its_base_path() {
    let sim = Sim::start(&[], &[]);
    let (status, version) = get_json(&format!("{}/version", sim.url("ef45"))).await;
    assert_eq!(status, 200);
    assert!(version.to_string().contains("1.2.34"), "{version}");
}

/// One rule, five simulators: a fault injected through the control API is
/// answered in the vendor's own error shape.
#[tokio::test]
async fn an_injected_fault_is_answered_in_each_vendors_error_shape() {
    let sim = Sim::start(&[], &[]);
    let es = &sim.banner["easysecure"];
    for (simulator, expected) in [
        (
            "easysecure",
            json!({ "message": "injected 500", "code": "500", "url": "/admins/login" }),
        ),
        ("iloq", json!({ "Message": "injected 500" })),
        ("allthenticate", json!({ "error": "injected 500" })),
        (
            "ef45",
            json!({ "status_code": 500, "reason_phrase": "Internal Server Error", "error_message": "injected 500" }),
        ),
    ] {
        let (status, pending) = send_json(
            "POST",
            &format!("{}/faults", sim.control(simulator)),
            json!({ "status": 500 }),
        )
        .await;
        assert_eq!(
            (status, &pending["pending"]),
            (200, &json!(1)),
            "{simulator}"
        );
        let base = sim.url(simulator);
        let (status, body) = match simulator {
            "easysecure" => {
                send_json(
                    "POST",
                    &format!("{base}/admins/login"),
                    json!({ "company": es["company"], "email": es["admin_email"], "password": es["admin_password"] }),
                )
                .await
            }
            "iloq" => {
                send_json("POST", &format!("{base}/api/v2/Url/GetUrl"), json!({ "CustomerCode": "DEMO-ILOQ" }))
                    .await
            }
            "allthenticate" => get_json(&format!("{base}/multipleresources")).await,
            _ => get_json(&format!("{base}/version")).await,
        };
        assert_eq!((status, body), (500, expected), "{simulator}");
        let (_, faults) = get_json(&format!("{}/faults", sim.control(simulator))).await;
        assert_eq!(faults, json!({ "pending": 0, "fired": 1 }), "{simulator}");
    }
    let (status, _) = send_json(
        "POST",
        &format!("{}/faults", sim.control("easysecure_soap")),
        json!({ "status": 500, "endpoint": "ESWS Esws.getGroups" }),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _, body) = soap(&sim, "getUsersPageNr").await;
    assert_eq!(
        status, 200,
        "a fault aimed at getGroups leaves getUsersPageNr alone: {body}"
    );
    let (status, _, body) = soap(&sim, "getGroups").await;
    assert_eq!(status, 500);
    assert!(
        body.contains("<faultcode>SOAP-ENV:Server</faultcode>") && body.contains("injected 500"),
        "{body}"
    );
}
