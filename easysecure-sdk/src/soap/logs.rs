//! Logs: `getLogs` and `getLogsById`, and the [`Logs`] handle (`soap.logs()`)
//! with the event export from a stored `scanID`.

use access_core::model::{AccessEvent, AccessEventKind, EventCursor};
use access_core::paging::{Page, Pager};
use access_core::{Error, ValidationError};
use chrono::{NaiveDateTime, TimeZone, Utc};
use futures_util::stream::BoxStream;

use super::client::{CompanyKey, SOAP_PATH, SoapClient, VENDOR};
use super::error::{Classify, decode_list};
use super::wire::{
    self, Params, TextPolicy, check_user_id, format_soap_datetime, latin1, parse_soap_datetime,
};
use super::xml::Param;
use crate::UserId;
use crate::model::{LogEntry, TerminalKey};

pub use super::error::NO_RECORD;

/// Which time `getLogs` filters on (`p_filterOn` **\[V\]** D).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum FilterOn {
    /// `event_time`: when the terminal registered the event (the default).
    #[default]
    EventTime,
    /// `created`: when the event reached EasySecure (catches late uploads from
    /// offline terminals).
    Created,
}

impl FilterOn {
    /// The wire value.
    pub fn as_wire(self) -> &'static str {
        match self {
            FilterOn::EventTime => "event_time",
            FilterOn::Created => "created",
        }
    }
}

crate::soap::error::esws_errors! {
    /// Failures of `getLogs` (returned in `Terminal` **\[V\]** D getLogs.php). The
    /// documented "no data" answer `-1 NO RECORD` is not an error: it is an
    /// empty list.
    pub enum GetLogsError {
    }
}

/// `Esws.getLogs`: the logs of a time range **\[V\]** D getLogs.php.
///
/// Parameters in order: `p_companyID`, `p_exportTimeFrom`, `p_exportTimeTo`
/// (`yyyy-mm-dd hh:ii:ss`), `p_locationId`, `p_userId`, `p_infoFieldName`
/// (`info1`…`info14`), `p_infoFieldValue`, `p_filterOn`,
/// `p_timeregistrationModules`. The page's signature line leaves `p_filterOn`
/// out while its table lists it before `p_timeregistrationModules`; the SDK
/// follows the table (a gap: check the WSDL). No data is `-1 NO RECORD` in
/// `Terminal`, which is an empty list here.
#[derive(Debug, Clone)]
pub struct GetLogs {
    key: CompanyKey,
    from: NaiveDateTime,
    to: NaiveDateTime,
    location_id: Option<u64>,
    user_id: Option<UserId>,
    info_filter: Option<(u8, String)>,
    filter_on: Option<FilterOn>,
    time_registration_only: bool,
}

impl GetLogs {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "getLogs";

    /// The logs from `from` to `to` (inclusive, the company's local time);
    /// refuses `from` after `to`.
    pub fn new(
        key: &CompanyKey,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<Self, ValidationError> {
        if from > to {
            return Err(ValidationError::new(
                "p_exportTimeFrom",
                "must not be after p_exportTimeTo",
            ));
        }
        Ok(Self {
            key: key.clone(),
            from,
            to,
            location_id: None,
            user_id: None,
            info_filter: None,
            filter_on: None,
            time_registration_only: false,
        })
    }

    /// The logs from `from` to `to`, given as `yyyy-mm-dd hh:ii:ss` text.
    pub fn from_text(key: &CompanyKey, from: &str, to: &str) -> Result<Self, ValidationError> {
        Self::new(
            key,
            parse_soap_datetime("p_exportTimeFrom", from, false)?,
            parse_soap_datetime("p_exportTimeTo", to, false)?,
        )
    }

    /// Only this location.
    pub fn location(mut self, location_id: u64) -> Self {
        self.location_id = Some(location_id);
        self
    }

    /// Only this user.
    pub fn user(mut self, user_id: UserId) -> Self {
        self.user_id = Some(user_id);
        self
    }

    /// Only users whose info field `n` (1 to 14, checked when sent) holds `value`.
    pub fn info_field(mut self, n: u8, value: impl Into<String>) -> Self {
        self.info_filter = Some((n, value.into()));
        self
    }

    /// Filters on the event time (default) or the creation time.
    pub fn filter_on(mut self, on: FilterOn) -> Self {
        self.filter_on = Some(on);
        self
    }

    /// Only the logs of time-registration modules (`p_timeregistrationModules=1`).
    pub fn time_registration_only(mut self, yes: bool) -> Self {
        self.time_registration_only = yes;
        self
    }

    fn params(&self) -> Result<Params, ValidationError> {
        let (name, value) = match &self.info_filter {
            Some((n, v)) => (
                Param::text(format!("info{n}")),
                Param::text(latin1("p_infoFieldValue", v, TextPolicy::Refuse)?),
            ),
            None => (Param::empty(), Param::empty()),
        };
        Ok(vec![
            self.key.param(),
            (
                "p_exportTimeFrom",
                Param::text(format_soap_datetime(&self.from)),
            ),
            (
                "p_exportTimeTo",
                Param::text(format_soap_datetime(&self.to)),
            ),
            ("p_locationId", Param::opt(self.location_id)),
            ("p_userId", Param::opt(self.user_id)),
            ("p_infoFieldName", name),
            ("p_infoFieldValue", value),
            (
                "p_filterOn",
                Param::opt(self.filter_on.map(FilterOn::as_wire)),
            ),
            (
                "p_timeregistrationModules",
                Param::opt(self.time_registration_only.then_some(1)),
            ),
        ])
    }
}

const GET_LOGS_ERRORS: Classify<GetLogsError> = Classify::<GetLogsError>::new();

access_core::endpoint! {
    impl Endpoint for GetLogs {
        name: "ESWS Esws.getLogs",
        method: POST,
        path: |_| SOAP_PATH,
        output: Vec<LogEntry>,
        error: GetLogsError,
        idempotent: true,
        authenticated: false,
        outcome: |_, r| decode_list(Self::FUNCTION, &r, "Terminal", &GET_LOGS_ERRORS),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        validate: |s| {
            if let Some((n, _)) = &s.info_filter
                && !(1..=14).contains(n)
            {
                return Err(ValidationError::new("p_infoFieldName", "must be info1 to info14"));
            }
            if let Some(id) = s.user_id {
                check_user_id("p_userId", id)?;
            }
            s.params().map(|_| ())
        },
        secrets: |s| wire::secrets(s.params()),
    }
}

crate::soap::error::esws_errors! {
    /// Failures of `getLogsById` (returned in `Terminal` **\[V\]** D
    /// getLogsById.php). `-1 NO RECORD` is an empty list.
    pub enum GetLogsByIdError {
    }
}

/// `Esws.getLogsById`: the logs whose `scanID` is within a range, inclusive
/// **\[V\]** D getLogsById.php. `scanID` is the id of the `module_logs` table: it
/// grows with every scan (of every company, so a company's ids have gaps). It is
/// the cursor of the event export.
#[derive(Debug, Clone)]
pub struct GetLogsById {
    key: CompanyKey,
    from: i64,
    to: i64,
    time_registration_only: bool,
}

impl GetLogsById {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "getLogsById";

    /// The logs with `from <= scanID <= to`; refuses negative ids and `from`
    /// above `to`.
    pub fn new(key: &CompanyKey, from: i64, to: i64) -> Result<Self, ValidationError> {
        if from < 0 || to < 0 {
            return Err(ValidationError::new(
                "p_exportIdFrom",
                "scan ids are not negative",
            ));
        }
        if from > to {
            return Err(ValidationError::new(
                "p_exportIdFrom",
                "must not be greater than p_exportIdTo",
            ));
        }
        Ok(Self {
            key: key.clone(),
            from,
            to,
            time_registration_only: false,
        })
    }

    /// Only the logs of time-registration modules.
    pub fn time_registration_only(mut self, yes: bool) -> Self {
        self.time_registration_only = yes;
        self
    }

    fn params(&self) -> Result<Params, ValidationError> {
        Ok(vec![
            self.key.param(),
            ("p_exportIdFrom", Param::text(self.from.to_string())),
            ("p_exportIdTo", Param::text(self.to.to_string())),
            (
                "p_timeregistrationModules",
                Param::opt(self.time_registration_only.then_some(1)),
            ),
        ])
    }
}

const GET_LOGS_BY_ID_ERRORS: Classify<GetLogsByIdError> = Classify::<GetLogsByIdError>::new();

access_core::endpoint! {
    impl Endpoint for GetLogsById {
        name: "ESWS Esws.getLogsById",
        method: POST,
        path: |_| SOAP_PATH,
        output: Vec<LogEntry>,
        error: GetLogsByIdError,
        idempotent: true,
        authenticated: false,
        outcome: |_, r| decode_list(Self::FUNCTION, &r, "Terminal", &GET_LOGS_BY_ID_ERRORS),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        secrets: |s| wire::secrets(s.params()),
    }
}

/// Turns a log entry into the vendor-neutral event. `Time` has no zone: it is
/// read as UTC and kept as `local_time` **\[I\]**.
pub fn log_to_event(log: &LogEntry) -> Option<AccessEvent> {
    let scan = log.scan_id?;
    let local = log.time;
    let occurred = local.map(|t| Utc.from_utc_datetime(&t)).unwrap_or_default();
    let kind = match (&log.terminal_key, log.success) {
        (Some(TerminalKey::In), Some(true)) => AccessEventKind::ClockIn,
        (Some(TerminalKey::Out), Some(true)) => AccessEventKind::ClockOut,
        (Some(TerminalKey::DutyIn), Some(true)) => AccessEventKind::DutyIn,
        (Some(TerminalKey::DutyOut), Some(true)) => AccessEventKind::DutyOut,
        (_, Some(true)) => AccessEventKind::Granted,
        (_, Some(false)) => AccessEventKind::Denied,
        (_, None) => AccessEventKind::Other(
            log.log_text
                .as_ref()
                .map(|t| t.as_wire().to_string())
                .unwrap_or_default(),
        ),
    };
    let mut event = AccessEvent::new(
        VENDOR,
        scan.to_string(),
        occurred,
        kind,
        EventCursor::new(VENDOR, scan.to_string()),
    );
    event.local_time = local;
    event.person = log.user_id.clone();
    event.device = log.terminal_name.clone().or_else(|| log.terminal.clone());
    event.description = log.log_text.as_ref().map(|t| t.as_wire().to_string());
    Some(event)
}

/// Where the next `getLogsById` window of the event export starts: the
/// [`Pager`]'s cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LogWindow {
    /// The first scanID of the next window.
    from: i64,
}

/// Log calls of a [`SoapClient`]: `soap.logs()`.
#[derive(Debug, Clone, Copy)]
pub struct Logs<'a>(&'a SoapClient);

impl SoapClient {
    /// Logs (`getLogs`, `getLogsById`).
    pub fn logs(&self) -> Logs<'_> {
        Logs(self)
    }
}

impl<'a> Logs<'a> {
    /// `getLogs` over a time range (build [`GetLogs`] for the filters).
    pub async fn range(
        self,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<Vec<LogEntry>, Error<GetLogsError>> {
        self.0.send(&GetLogs::new(self.0.key(), from, to)?).await
    }

    /// `getLogsById`: the logs with `from <= scanID <= to`.
    pub async fn by_id(self, from: i64, to: i64) -> Result<Vec<LogEntry>, Error<GetLogsByIdError>> {
        self.0
            .send(&GetLogsById::new(self.0.key(), from, to)?)
            .await
    }

    /// The logs after `after` (a scanID; from the start when `None`), oldest
    /// first, window by window with `getLogsById` through the shared [`Pager`]
    /// (one window in memory; pages keyed by scanID, so a server answering the
    /// same logs again ends the list with [`Error::Paging`]). After an empty
    /// window the page searches further with doubling windows, up to the
    /// configured gap (see [`SoapClientBuilder::log_window`](super::SoapClientBuilder::log_window)),
    /// before it decides there is nothing newer.
    pub fn pager(self, after: Option<i64>) -> Pager<'a, LogEntry, GetLogsByIdError> {
        let logs = self;
        // Scan ids are server numbers: every step is checked, and a window that
        // reaches `i64::MAX` is the last (nothing can follow it; saturating
        // would ask for the same ids again). `None`: nothing is left to ask.
        let first = match after {
            None => Some(LogWindow { from: 0 }),
            Some(a) => a.checked_add(1).map(|from| LogWindow { from }),
        };
        Pager::new(first, move |window: Option<LogWindow>| async move {
            let Some(window) = window else {
                return Ok(Page::last(Vec::new()));
            };
            let (step, max_gap) = (logs.0.log_window, logs.0.log_max_gap);
            let mut next = window.from;
            let mut span = step;
            let mut searched = 0i64;
            loop {
                let to = next.saturating_add(span - 1);
                let mut found = logs.by_id(next, to).await?;
                if !found.is_empty() {
                    found.sort_by_key(|l| l.scan_id.unwrap_or(i64::MIN));
                    let last = found.iter().filter_map(|l| l.scan_id).max().unwrap_or(to);
                    let following = last
                        .max(next)
                        .checked_add(1)
                        .map(|from| Some(LogWindow { from }));
                    return Ok(Page::new(found, following).keyed(|l: &LogEntry| l.scan_id));
                }
                searched = searched.saturating_add(span);
                let Some(after_to) = to.checked_add(1) else {
                    return Ok(Page::last(Vec::new()));
                };
                if searched >= max_gap {
                    return Ok(Page::last(Vec::new()));
                }
                next = after_to;
                span = span.saturating_mul(2);
            }
        })
    }

    /// The logs after `after` as a stream (= `pager(after).stream()`).
    pub fn stream(
        self,
        after: Option<i64>,
    ) -> BoxStream<'a, Result<LogEntry, Error<GetLogsByIdError>>> {
        self.pager(after).stream()
    }

    /// Every log after `after` (= `pager(after).all()`).
    pub async fn all(self, after: Option<i64>) -> Result<Vec<LogEntry>, Error<GetLogsByIdError>> {
        self.pager(after).all().await
    }
}
