//! The simulated organisation's state: the simulator's own plain structs,
//! indexed by id and by the keys requests address them with (e-mail, uuid,
//! group name, magic token), never the SDK's serde model types, so a
//! serialisation mistake the SDK makes cannot be mirrored here and hide.
//!
//! Members live in a `BTreeMap` by `email_id` (the vendor lists them in id
//! order) with a `HashMap` from the folded e-mail to the id, and a map from each
//! card number to its owners for the duplicate rule: no request scans every
//! member, whatever the size of the organisation.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDateTime, Utc};

/// A card (or PIN) a member holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Card {
    /// The number, an integer written as a string.
    pub(crate) number: String,
    /// The label, if any.
    pub(crate) label: Option<String>,
}

/// A member or guest of the organisation.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Member {
    pub(crate) email_id: i64,
    pub(crate) user_id: i64,
    pub(crate) email: String,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    /// A guest (`user_tag=GUEST`) rather than a member.
    pub(crate) guest: bool,
    /// `CONFIRMED` when true, `PENDING` otherwise.
    pub(crate) confirmed: bool,
    pub(crate) cards: Vec<Card>,
    pub(crate) invitations_sent: u32,
}

/// What a group holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum GroupKind {
    Users,
    Resources,
}

impl GroupKind {
    /// The vendor's word (`users`, `resources`).
    pub(crate) fn wire(self) -> &'static str {
        match self {
            Self::Users => "users",
            Self::Resources => "resources",
        }
    }

    /// The kind a request's `type` names.
    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "users" => Some(Self::Users),
            "resources" => Some(Self::Resources),
            _ => None,
        }
    }
}

/// What a resource is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum ResourceKind {
    Door,
    Computer,
}

impl ResourceKind {
    /// The vendor's word (`DOOR`, `COMPUTER`).
    pub(crate) fn wire(self) -> &'static str {
        match self {
            Self::Door => "DOOR",
            Self::Computer => "COMPUTER",
        }
    }

    /// The kind a request names.
    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "DOOR" => Some(Self::Door),
            "COMPUTER" => Some(Self::Computer),
            _ => None,
        }
    }
}

/// A group of members or of resources.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Group {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) kind: GroupKind,
    pub(crate) resource_type: Option<ResourceKind>,
    /// `email_id`s or `resource_id`s.
    pub(crate) members: BTreeSet<i64>,
}

/// A door or computer.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Resource {
    pub(crate) resource_id: i64,
    pub(crate) uuid: String,
    pub(crate) name: String,
    pub(crate) kind: ResourceKind,
    pub(crate) locked: bool,
    pub(crate) online: bool,
    /// When it locks on its own (the end of an unlock, a `lock_wait`).
    pub(crate) pending_lock_at: Option<DateTime<Utc>>,
    /// How many lock commands reached it.
    pub(crate) commands: u32,
}

/// A `time_mapping`: for each day, Sunday first, whole-hour ranges `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Schedule {
    days: [Vec<(u8, u8)>; 7],
}

impl Schedule {
    /// Every hour of every day (the vendor's default).
    pub(crate) fn always() -> Self {
        Self {
            days: std::array::from_fn(|_| vec![(0, 24)]),
        }
    }

    /// Reads the vendor's `time_mapping`: 7 lists (Sunday first) of `[start, end]`
    /// hour pairs, `0 <= start < end <= 24`, not overlapping within a day.
    pub(crate) fn parse(v: &serde_json::Value) -> Result<Self, String> {
        let days = v
            .as_array()
            .filter(|d| d.len() == 7)
            .ok_or("time_mapping must list 7 days, Sunday first")?;
        let mut out: [Vec<(u8, u8)>; 7] = Default::default();
        for (slot, day) in out.iter_mut().zip(days) {
            let ranges = day
                .as_array()
                .ok_or("each day of time_mapping is a list of [start, end] hours")?;
            for r in ranges {
                let pair = r
                    .as_array()
                    .filter(|p| p.len() == 2)
                    .ok_or("each range of time_mapping is [start, end]")?;
                let hour = |v: &serde_json::Value| {
                    v.as_u64()
                        .filter(|h| *h <= 24)
                        .map(|h| h as u8)
                        .ok_or("time_mapping hours are whole numbers within 0..=24")
                };
                let (start, end) = (hour(&pair[0])?, hour(&pair[1])?);
                if start >= end {
                    return Err("each range of time_mapping must start before it ends".into());
                }
                slot.push((start, end));
            }
            slot.sort_unstable();
            if slot.windows(2).any(|w| w[1].0 < w[0].1) {
                return Err("the ranges of a day of time_mapping overlap".into());
            }
        }
        Ok(Self { days: out })
    }

    /// Whether `hour` (0..24) of `day` (0 = Sunday) is inside the schedule.
    pub(crate) fn allows(&self, day: usize, hour: u8) -> bool {
        self.days
            .get(day)
            .is_some_and(|d| d.iter().any(|(s, e)| *s <= hour && hour < *e))
    }

    /// The ranges as the vendor writes them.
    pub(crate) fn pairs(&self) -> Vec<Vec<[u8; 2]>> {
        self.days
            .iter()
            .map(|d| d.iter().map(|(s, e)| [*s, *e]).collect())
            .collect()
    }
}

/// A magic (guest) link and its temporary policy.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct MagicLink {
    pub(crate) id: i64,
    pub(crate) token: String,
    pub(crate) name: String,
    pub(crate) emails: Vec<String>,
    pub(crate) resource_ids: Vec<i64>,
    pub(crate) start: NaiveDateTime,
    pub(crate) end: NaiveDateTime,
    pub(crate) schedule: Schedule,
    pub(crate) config_id: i64,
    pub(crate) send_email: bool,
}

/// The whole organisation.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct State {
    users: BTreeMap<i64, Member>,
    by_email: HashMap<String, i64>,
    card_owners: HashMap<String, BTreeSet<i64>>,
    groups: BTreeMap<i64, Group>,
    group_names: HashMap<String, i64>,
    resources: BTreeMap<i64, Resource>,
    by_uuid: HashMap<String, i64>,
    links: BTreeMap<i64, MagicLink>,
    by_token: HashMap<String, i64>,
    next_email_id: i64,
    next_group_id: i64,
    next_link_id: i64,
}

/// The address of the `i`-th generated member (1-based).
pub(crate) fn generated_email(i: usize) -> String {
    format!("user{i:05}@generated.acme.example")
}

/// Kept whole by the control API and the state file (no derived index to rebuild).
impl access_core::testkit::control::Dumpable for State {}

impl State {
    fn empty() -> Self {
        Self {
            users: BTreeMap::new(),
            by_email: HashMap::new(),
            card_owners: HashMap::new(),
            groups: BTreeMap::new(),
            group_names: HashMap::new(),
            resources: BTreeMap::new(),
            by_uuid: HashMap::new(),
            links: BTreeMap::new(),
            by_token: HashMap::new(),
            next_email_id: 1,
            next_group_id: 1,
            next_link_id: 1,
        }
    }

    /// The seeded organisation "Acme Labs" (org 7), plus `extra_users`
    /// generated, confirmed members in no group.
    pub(crate) fn seeded(extra_users: usize) -> Self {
        use super::{DOWNSTAIRS_DOOR_UUID, LAB_DOOR_UUID, LOADING_DOCK_UUID, RECEPTION_PC_UUID};
        let mut s = Self::empty();
        let chad = s.insert_member("joe@developer.com", "Chad", "Spensky", false, true);
        s.give_cards(
            chad,
            &[Card {
                number: "1234567".into(),
                label: Some("Badge".into()),
            }],
        );
        s.insert_member("ada@acme.example", "Ada", "Lovelace", false, true);
        s.insert_member("visitor@partner.example", "Vic", "Visitor", true, true);
        for (id, uuid, name, kind, online) in [
            (
                203,
                DOWNSTAIRS_DOOR_UUID,
                "Downstairs Door",
                ResourceKind::Door,
                true,
            ),
            (204, LAB_DOOR_UUID, "Lab Door", ResourceKind::Door, true),
            (
                205,
                RECEPTION_PC_UUID,
                "Reception PC",
                ResourceKind::Computer,
                true,
            ),
            (
                206,
                LOADING_DOCK_UUID,
                "Loading Dock",
                ResourceKind::Door,
                false,
            ),
        ] {
            s.by_uuid.insert(uuid.to_ascii_lowercase(), id);
            s.resources.insert(
                id,
                Resource {
                    resource_id: id,
                    uuid: uuid.into(),
                    name: name.into(),
                    kind,
                    locked: true,
                    online,
                    pending_lock_at: None,
                    commands: 0,
                },
            );
        }
        let door = Some(ResourceKind::Door);
        s.add_group("Employees", GroupKind::Users, None, [1, 2]);
        s.add_group("Doors", GroupKind::Resources, door, [203, 204, 206]);
        s.add_group("Admins", GroupKind::Users, None, [2]);
        s.add_group("Lab", GroupKind::Resources, door, [204]);
        for i in 1..=extra_users {
            s.insert_member(&generated_email(i), "User", &format!("{i:05}"), false, true);
        }
        s
    }

    fn insert_member(
        &mut self,
        email: &str,
        first: &str,
        last: &str,
        guest: bool,
        confirmed: bool,
    ) -> i64 {
        let id = self.next_email_id;
        self.next_email_id += 1;
        self.by_email.insert(email.to_lowercase(), id);
        self.users.insert(
            id,
            Member {
                email_id: id,
                user_id: id,
                email: email.to_string(),
                first_name: first.to_string(),
                last_name: last.to_string(),
                guest,
                confirmed,
                cards: Vec::new(),
                invitations_sent: 0,
            },
        );
        id
    }

    /// Adds a member (or guest) invited by `email`: not confirmed yet, named
    /// after the address's local part. Answers the new `email_id`.
    pub(crate) fn add_member(&mut self, email: &str, guest: bool) -> i64 {
        let local = email.split('@').next().unwrap_or(email).to_string();
        self.insert_member(email, &local, "", guest, false)
    }

    /// Every member and guest, by `email_id`.
    pub(crate) fn users(&self) -> impl Iterator<Item = &Member> {
        self.users.values()
    }

    /// A member by `email_id`.
    pub(crate) fn user(&self, email_id: i64) -> Option<&Member> {
        self.users.get(&email_id)
    }

    /// A member by `email_id`, to change.
    pub(crate) fn user_mut(&mut self, email_id: i64) -> Option<&mut Member> {
        self.users.get_mut(&email_id)
    }

    /// The `email_id` of the member with this address (compared without case).
    pub(crate) fn email_id_of(&self, email: &str) -> Option<i64> {
        self.by_email.get(&email.to_lowercase()).copied()
    }

    /// Whether a member other than `owner` holds card `number`.
    pub(crate) fn card_held_by_other(&self, number: &str, owner: Option<i64>) -> bool {
        self.card_owners
            .get(number)
            .is_some_and(|owners| owners.iter().any(|o| Some(*o) != owner))
    }

    /// Gives `cards` to the member: a number already held is relabelled, a new
    /// one added.
    pub(crate) fn give_cards(&mut self, email_id: i64, cards: &[Card]) {
        let Some(u) = self.users.get_mut(&email_id) else {
            return;
        };
        for c in cards {
            match u.cards.iter_mut().find(|have| have.number == c.number) {
                Some(have) => have.label = c.label.clone(),
                None => u.cards.push(c.clone()),
            }
            self.card_owners
                .entry(c.number.clone())
                .or_default()
                .insert(email_id);
        }
    }

    /// Replaces the cards of `email_id` with `cards` (`/modifysmartcards` **\[I\]**);
    /// an empty list leaves the member without cards and frees its numbers.
    pub(crate) fn set_cards(&mut self, email_id: i64, cards: &[Card]) {
        let Some(u) = self.users.get_mut(&email_id) else {
            return;
        };
        for old in std::mem::take(&mut u.cards) {
            if let Some(owners) = self.card_owners.get_mut(&old.number) {
                owners.remove(&email_id);
                if owners.is_empty() {
                    self.card_owners.remove(&old.number);
                }
            }
        }
        self.give_cards(email_id, cards);
    }

    /// A group by id.
    pub(crate) fn group(&self, id: i64) -> Option<&Group> {
        self.groups.get(&id)
    }

    /// Every group, by id.
    pub(crate) fn groups(&self) -> impl Iterator<Item = &Group> {
        self.groups.values()
    }

    /// A group by id, to change.
    pub(crate) fn group_mut(&mut self, id: i64) -> Option<&mut Group> {
        self.groups.get_mut(&id)
    }

    /// A group by its exact name.
    pub(crate) fn group_named(&self, name: &str) -> Option<&Group> {
        self.group_names
            .get(name)
            .and_then(|id| self.groups.get(id))
    }

    /// Adds a group; answers its id.
    pub(crate) fn add_group(
        &mut self,
        name: &str,
        kind: GroupKind,
        resource_type: Option<ResourceKind>,
        members: impl IntoIterator<Item = i64>,
    ) -> i64 {
        let id = self.next_group_id;
        self.next_group_id += 1;
        self.group_names.insert(name.to_string(), id);
        self.groups.insert(
            id,
            Group {
                id,
                name: name.to_string(),
                kind,
                resource_type,
                members: members.into_iter().collect(),
            },
        );
        id
    }

    /// The names of the groups of `kind` that hold `id`, in group order.
    pub(crate) fn group_names_of(&self, kind: GroupKind, id: i64) -> Vec<&str> {
        self.groups
            .values()
            .filter(|g| g.kind == kind && g.members.contains(&id))
            .map(|g| g.name.as_str())
            .collect()
    }

    /// Every resource, by id.
    pub(crate) fn resources(&self) -> impl Iterator<Item = &Resource> {
        self.resources.values()
    }

    /// Every resource, by id, to change.
    pub(crate) fn resources_mut(&mut self) -> impl Iterator<Item = &mut Resource> {
        self.resources.values_mut()
    }

    /// A resource by id.
    pub(crate) fn resource(&self, id: i64) -> Option<&Resource> {
        self.resources.get(&id)
    }

    /// A resource by id, to change.
    pub(crate) fn resource_mut(&mut self, id: i64) -> Option<&mut Resource> {
        self.resources.get_mut(&id)
    }

    /// A resource by uuid (compared without case).
    pub(crate) fn resource_by_uuid(&self, uuid: &str) -> Option<&Resource> {
        let id = self.by_uuid.get(&uuid.to_ascii_lowercase())?;
        self.resources.get(id)
    }

    /// A resource by uuid (compared without case), to change.
    pub(crate) fn resource_by_uuid_mut(&mut self, uuid: &str) -> Option<&mut Resource> {
        let id = *self.by_uuid.get(&uuid.to_ascii_lowercase())?;
        self.resources.get_mut(&id)
    }

    /// Locks every resource whose pending lock is due at `now`.
    pub(crate) fn apply_due_locks(&mut self, now: DateTime<Utc>) {
        for r in self.resources.values_mut() {
            if r.pending_lock_at.is_some_and(|at| at <= now) {
                r.locked = true;
                r.pending_lock_at = None;
            }
        }
    }

    /// Every magic link, by id.
    pub(crate) fn links(&self) -> impl Iterator<Item = &MagicLink> {
        self.links.values()
    }

    /// The link with this token.
    pub(crate) fn link_by_token(&self, token: &str) -> Option<&MagicLink> {
        self.by_token.get(token).and_then(|id| self.links.get(id))
    }

    /// The names of the links (temporary policies) that cover resource `id`.
    pub(crate) fn policy_names_of(&self, id: i64) -> Vec<&str> {
        self.links
            .values()
            .filter(|l| l.resource_ids.contains(&id))
            .map(|l| l.name.as_str())
            .collect()
    }

    /// The id the next link gets.
    pub(crate) fn next_link_id(&self) -> i64 {
        self.next_link_id
    }

    /// Stores a link (its id is [`next_link_id`](Self::next_link_id)).
    pub(crate) fn add_link(&mut self, link: MagicLink) {
        self.next_link_id = self.next_link_id.max(link.id + 1);
        self.by_token.insert(link.token.clone(), link.id);
        self.links.insert(link.id, link);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_is_indexed() {
        let s = State::seeded(3);
        assert_eq!(s.email_id_of("JOE@developer.com"), Some(1));
        assert_eq!(s.email_id_of(&generated_email(3)), Some(6));
        assert!(s.card_held_by_other("1234567", Some(2)));
        assert!(!s.card_held_by_other("1234567", Some(1)));
        assert_eq!(s.group_named("Lab").map(|g| g.id), Some(4));
        assert_eq!(
            s.group_names_of(GroupKind::Users, 2),
            ["Employees", "Admins"]
        );
    }

    #[test]
    fn schedules_read_the_vendor_shape() {
        let s = Schedule::parse(&serde_json::json!([
            [],
            [[9, 12], [13, 17]],
            [],
            [],
            [],
            [],
            []
        ]))
        .unwrap();
        assert!(s.allows(1, 9) && !s.allows(1, 12) && s.allows(1, 16) && !s.allows(0, 10));
        assert!(Schedule::parse(&serde_json::json!([[]])).is_err());
        assert!(
            Schedule::parse(&serde_json::json!([
                [[9, 12], [11, 13]],
                [],
                [],
                [],
                [],
                [],
                []
            ]))
            .is_err()
        );
        assert!(Schedule::parse(&serde_json::json!([[[9, 25]], [], [], [], [], [], []])).is_err());
        assert_eq!(Schedule::always().pairs()[6], vec![[0, 24]]);
    }
}
