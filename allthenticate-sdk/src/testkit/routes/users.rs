//! `GET /multipleusers` and `POST /invites` (the SDK's `users` module) **\[V\]** A1.

use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use serde_json::{Value, json};

use super::{SimApi, body, cards, check_duplicates, flag, refused, valid_email};
use crate::testkit::state::{Card, GroupKind, Member, State};

/// A1's user object: every documented field, names with the e-mail when asked.
fn user_json(s: &State, u: &Member, with_email: bool) -> Value {
    let groups: Vec<Value> = s
        .group_names_of(GroupKind::Users, u.email_id)
        .into_iter()
        .map(|g| json!([g]))
        .collect();
    let mut name = format!("{} {}", u.first_name, u.last_name);
    if with_email {
        name = format!("{name} ({})", u.email);
    }
    let confirmed = u.confirmed.then_some("2020-03-20 01:30:16");
    json!({
        "ad_status": if u.confirmed { "ACTIVE" } else { "PENDING" },
        "active_date": confirmed.map(|_| "2020-03-20 01:30:34"),
        "confirmed": confirmed,
        "created": "2020-03-20 01:30:05",
        "device_added": confirmed.map(|_| "2023-01-23 23:46:35"),
        "email": u.email,
        "email_id": u.email_id,
        "email_status": if u.confirmed { "CONFIRMED" } else { "PENDING" },
        "first_name": u.first_name,
        "groups": groups,
        "last_name": u.last_name,
        "name": name,
        "user_id": u.user_id,
        "username": u.email.split('@').next().unwrap_or_default(),
        "unique_id": format!("usr-{:04}", u.user_id),
    })
}

/// `GET /multipleusers[?email=true][&user_tag=GUEST]`: the members, or the
/// guests, as one bare array in `email_id` order.
pub(super) fn list(api: &SimApi, req: &SimRequest<'_>) -> SimResult {
    let guests = match req.query("user_tag").as_deref() {
        None => false,
        Some("GUEST") => true,
        Some(other) => return refused(format!("Unknown user_tag {other}")),
    };
    let with_email = req.query("email").is_some_and(|v| v == "true");
    let s = api.state();
    let users: Vec<Value> = s
        .users()
        .filter(|u| u.guest == guests)
        .map(|u| user_json(&s, u, with_email))
        .collect();
    Ok(SimAnswer::json(&users))
}

/// `POST /invites {emails, smartcards?, groups?, no_email?}`: adds the new
/// addresses as pending members (an invitation e-mail each unless `no_email`),
/// reports known ones as `exists` and malformed ones as `invalid`, gives each
/// invitee its list of cards and puts every invitee in the user groups named.
pub(super) fn invite(api: &SimApi, req: &SimRequest<'_>) -> SimResult {
    let b = body(req)?;
    let Some(Value::Array(emails)) = b.get("emails") else {
        return refused("emails is required");
    };
    let emails: Vec<String> = emails
        .iter()
        .map(|e| e.as_str().unwrap_or_default().to_string())
        .collect();
    if emails.is_empty() {
        return refused("emails is required");
    }
    let per_email: Option<Vec<Vec<Card>>> = match b.get("smartcards") {
        None | Some(Value::Null) => None,
        Some(Value::Array(lists)) => {
            if lists.len() != emails.len() {
                return refused("smartcards must map one to one to emails");
            }
            Some(lists.iter().map(cards).collect::<Result<_, _>>()?)
        }
        Some(_) => return refused("smartcards must be a list of smartcard arrays"),
    };
    let no_email = flag(b.get("no_email")).unwrap_or(false);
    let mut s = api.state();
    let mut group_ids = Vec::new();
    let mut group_names = Vec::new();
    if let Some(Value::Array(groups)) = b.get("groups") {
        for g in groups {
            let id = g.get("id").and_then(Value::as_i64).unwrap_or(-1);
            match s.group(id).filter(|x| x.kind == GroupKind::Users) {
                Some(x) => {
                    group_ids.push(id);
                    group_names.push(x.name.clone());
                }
                None => {
                    return Err(SimError::bad_request(format!(
                        "Group {id} is not a user group of this organization"
                    )));
                }
            }
        }
    }
    if let Some(per_email) = &per_email {
        for (email, c) in emails.iter().zip(per_email) {
            check_duplicates(&s, s.email_id_of(email), c, false)?;
        }
    }
    let (mut added, mut invited, mut exists, mut invalid, mut add_ids) =
        (vec![], vec![], vec![], vec![], vec![]);
    for (i, email) in emails.iter().enumerate() {
        if !valid_email(email) {
            invalid.push(email.clone());
            continue;
        }
        let (id, existed) = match s.email_id_of(email) {
            Some(id) => {
                exists.push(email.clone());
                (id, true)
            }
            None => {
                let id = s.add_member(email, false);
                added.push(email.clone());
                if !no_email {
                    invited.push(email.clone());
                }
                (id, false)
            }
        };
        add_ids.push(id);
        if !no_email
            && !existed
            && let Some(u) = s.user_mut(id)
        {
            u.invitations_sent += 1;
        }
        if let Some(c) = per_email.as_ref().map(|c| &c[i]) {
            s.give_cards(id, c);
        }
        for g in &group_ids {
            if let Some(g) = s.group_mut(*g) {
                g.members.insert(id);
            }
        }
    }
    Ok(SimAnswer::json(&json!({
        "success": "Success! All members have been invited to join your organization.",
        "added": added,
        "invited": invited,
        "exists": exists,
        "invalid": invalid,
        "failed_invite": Vec::<String>::new(),
        "add_ids": add_ids,
        "group_names": group_names,
        "send_email": !no_email,
    })))
}
