#include "store/sqlite_store.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/secret_box.h"
#include "core/uuid.h"
#include "store/internal/group_writer.h"
#include "store/internal/migrations.h"
#include "store/internal/queue.h"
#include "store/internal/sqlite_db.h"

namespace missive {
namespace {

using sqlite::Connection;
using sqlite::SqliteError;
using sqlite::Statement;

// Runs `body`, turning the backend's internal SqliteError into the Result callers see.
template <typename F>
auto Guard(F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const SqliteError& error) {
    return sqlite::ToError(error);
  }
}

// Read connections, opened on demand and reused.
class ConnectionPool {
 public:
  ConnectionPool(std::string path, bool synchronous_full)
      : path_(std::move(path)), synchronous_full_(synchronous_full) {}

  struct Lease {
    ConnectionPool* pool;
    std::unique_ptr<Connection> connection;
    Lease(ConnectionPool* owner, std::unique_ptr<Connection> c)
        : pool(owner), connection(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (connection) pool->Return(std::move(connection));
    }
    Connection& operator*() { return *connection; }
  };

  Lease Acquire() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        Lease lease{this, std::move(idle_.back())};
        idle_.pop_back();
        return lease;
      }
    }
    auto opened = Connection::Open(path_, false, synchronous_full_);
    if (!opened) throw SqliteError(SQLITE_CANTOPEN, opened.error().message);
    return Lease{this, std::move(opened).value()};
  }

 private:
  void Return(std::unique_ptr<Connection> connection) {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }

  std::string path_;
  bool synchronous_full_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

constexpr const char* kNotificationColumns =
    "id, service_id, api_key_id, key_type, template_id, template_version, notification_type, "
    "to_address, personalisation, reference, status, provider_response, created_at, sent_at, "
    "updated_at, attempts, sender, unsubscribe_url, scheduled_for, attachments, lane";

constexpr const char* kServiceColumns =
    "id, name, email_from, active, restricted, created_at, prefix_sms, permissions, rate_limit, "
    "email_daily_limit, sms_daily_limit, email_annual_limit, sms_annual_limit, branding, logo_url, "
    "logo_alt";

constexpr const char* kTemplateSelect =
    "SELECT t.id, t.service_id, t.template_type, t.archived, t.created_at, t.created_by, "
    "v.version, v.name, v.subject, v.body, v.updated_at, t.process_type FROM templates t "
    "JOIN template_versions v ON v.template_id = t.id";

// A JSON array of `values` for json_each(), or NULL (no filter) when there are none.
std::optional<std::string> JsonList(const std::vector<std::string>& values) {
  if (values.empty()) return std::nullopt;
  std::string out = "[";
  for (const auto& value : values) {
    if (out.size() > 1) out += ",";
    out += "\"";
    for (char c : value) {
      if (c == '"' || c == '\\') out += '\\';
      if (static_cast<unsigned char>(c) >= 0x20) out += c;
    }
    out += "\"";
  }
  return out + "]";
}

// Puts `claimed` in the order of the ids in `order` (RETURNING gives no order).
void SortLike(const std::vector<std::string>& order, std::vector<Notification>& claimed) {
  std::unordered_map<std::string_view, size_t> position;
  for (size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
  std::sort(claimed.begin(), claimed.end(), [&](const Notification& a, const Notification& b) {
    return position[a.id] < position[b.id];
  });
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) items.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

Service ReadService(const Statement& row) {
  Service s;
  s.id = row.Text(0);
  s.name = row.Text(1);
  s.email_from = row.Text(2);
  s.active = row.Int(3) != 0;
  s.restricted = row.Int(4) != 0;
  s.created_at = row.Int(5);
  s.prefix_sms = row.Int(6) != 0;
  s.permissions = SplitList(row.Text(7));
  s.rate_limit = static_cast<int>(row.Int(8));
  s.email_daily_limit = static_cast<int>(row.Int(9));
  s.sms_daily_limit = static_cast<int>(row.Int(10));
  s.email_annual_limit = static_cast<int>(row.Int(11));
  s.sms_annual_limit = static_cast<int>(row.Int(12));
  s.branding = row.Text(13);
  s.logo_url = row.OptionalText(14);
  s.logo_alt = row.OptionalText(15);
  return s;
}

// The usage periods a notification created at `at` counts in: its UTC day and fiscal year.
std::pair<std::string, std::string> UsagePeriods(Micros at) {
  std::string day = FormatTimestamp(at).substr(0, 10);
  int year = std::stoi(day.substr(0, 4));
  int month = std::stoi(day.substr(5, 2));
  return {day, "FY" + std::to_string(month >= 4 ? year : year - 1)};
}

int64_t ReadUsage(Connection& db, const Notification& n, const std::string& period) {
  Statement row = db.Prepare(
      "SELECT count FROM usage_counters WHERE service_id = ? AND channel = ? AND period = ?");
  row.Bind(1, n.service_id).Bind(2, TemplateTypeName(n.type)).Bind(3, period);
  return row.Step() ? row.Int(0) : 0;
}

void AddUsage(Connection& db, const Notification& n, const std::string& period) {
  db.Prepare(
        "INSERT INTO usage_counters (service_id, channel, period, count) VALUES (?, ?, ?, 1) "
        "ON CONFLICT (service_id, channel, period) DO UPDATE SET count = count + 1")
      .Bind(1, n.service_id)
      .Bind(2, TemplateTypeName(n.type))
      .Bind(3, period)
      .Run();
}

Template ReadTemplate(const Statement& row) {
  Template t;
  t.id = row.Text(0);
  t.service_id = row.Text(1);
  t.type = ParseTemplateType(row.Text(2)).value_or(TemplateType::kEmail);
  t.archived = row.Int(3) != 0;
  t.created_at = row.Int(4);
  t.created_by = row.Text(5);
  t.version = static_cast<int>(row.Int(6));
  t.name = row.Text(7);
  t.subject = row.OptionalText(8);
  t.body = row.Text(9);
  t.updated_at = row.OptionalInt(10);
  t.process_type = ParseProcessType(row.Text(11)).value_or(ProcessType::kNormal);
  return t;
}

// GC Notify's rules for a provider's report arriving when the notification is `current`.
bool ReceiptApplies(std::string_view type, std::string_view current, NotificationStatus next) {
  if (type == "sms") return current == "sent";
  return !(current == "permanent-failure" && next == NotificationStatus::kDelivered);
}

Notification ReadNotification(const Statement& row) {
  Notification n;
  n.id = row.Text(0);
  n.service_id = row.Text(1);
  n.api_key_id = row.Text(2);
  n.key_type = ParseKeyType(row.Text(3)).value_or(KeyType::kNormal);
  n.template_id = row.Text(4);
  n.template_version = static_cast<int>(row.Int(5));
  n.type = ParseTemplateType(row.Text(6)).value_or(TemplateType::kEmail);
  n.to = row.Text(7);
  n.personalisation_json = row.Text(8);
  n.reference = row.OptionalText(9);
  n.status = ParseStatus(row.Text(10)).value_or(NotificationStatus::kCreated);
  n.provider_response = row.OptionalText(11);
  n.created_at = row.Int(12);
  n.sent_at = row.OptionalInt(13);
  n.updated_at = row.OptionalInt(14);
  n.attempts = static_cast<int>(row.Int(15));
  n.sender = row.OptionalText(16);
  n.unsubscribe_url = row.OptionalText(17);
  n.scheduled_for = row.OptionalInt(18);
  n.attachments_json = row.OptionalText(19);
  n.lane = static_cast<ProcessType>(std::clamp<int64_t>(row.Int(20), 0, 2));
  return n;
}

class SqliteStore final : public Store {
 public:
  SqliteStore(std::string path, const SqliteOptions& options, std::unique_ptr<Connection> writer,
              std::unique_ptr<SecretBox> box)
      : readers_(std::move(path), options.synchronous_full),
        writer_(std::move(writer), options.max_group),
        box_(std::move(box)) {}

  Status CreateService(const Service& s) override {
    return writer_.Write([&](Connection& db) {
      db.Prepare(
            "INSERT INTO services (id, name, email_from, active, restricted, created_at, "
            "prefix_sms, permissions, rate_limit, email_daily_limit, sms_daily_limit, "
            "email_annual_limit, sms_annual_limit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .Bind(1, s.id)
          .Bind(2, s.name)
          .Bind(3, s.email_from)
          .Bind(4, s.active)
          .Bind(5, s.restricted)
          .Bind(6, s.created_at)
          .Bind(7, s.prefix_sms)
          .Bind(8, JoinList(s.permissions))
          .Bind(9, s.rate_limit)
          .Bind(10, s.email_daily_limit)
          .Bind(11, s.sms_daily_limit)
          .Bind(12, s.email_annual_limit)
          .Bind(13, s.sms_annual_limit)
          .Run();
    });
  }

  Status UpdateService(const Service& s) override {
    bool found = false;
    Status written = writer_.Write([&](Connection& db) {
      db.Prepare(
            "UPDATE services SET email_from = ?, active = ?, restricted = ?, prefix_sms = ?, "
            "permissions = ?, rate_limit = ?, email_daily_limit = ?, sms_daily_limit = ?, "
            "email_annual_limit = ?, sms_annual_limit = ?, branding = ?, logo_url = ?, "
            "logo_alt = ? WHERE id = ?")
          .Bind(1, s.email_from)
          .Bind(2, s.active)
          .Bind(3, s.restricted)
          .Bind(4, s.prefix_sms)
          .Bind(5, JoinList(s.permissions))
          .Bind(6, s.rate_limit)
          .Bind(7, s.email_daily_limit)
          .Bind(8, s.sms_daily_limit)
          .Bind(9, s.email_annual_limit)
          .Bind(10, s.sms_annual_limit)
          .Bind(11, s.branding)
          .Bind(12, s.logo_url)
          .Bind(13, s.logo_alt)
          .Bind(14, s.id)
          .Run();
      found = db.Changes() > 0;
    });
    if (written && !found) return MakeError(ErrorCode::kNotFound, "service not found");
    return written;
  }

  Status AddAllowedRecipient(std::string_view service_id, std::string_view kind,
                             std::string_view recipient) override {
    return writer_.Write([&](Connection& db) {
      db.Prepare(
            "INSERT INTO allowed_recipients (id, service_id, kind, recipient, created_at) "
            "VALUES (?, ?, ?, ?, ?)")
          .Bind(1, NewUuid())
          .Bind(2, service_id)
          .Bind(3, kind)
          .Bind(4, recipient)
          .Bind(5, SystemClock::Instance().NowMicros())
          .Run();
    });
  }

  Result<std::vector<std::string>> ListAllowedRecipients(std::string_view service_id) override {
    return Guard([&]() -> Result<std::vector<std::string>> {
      auto db = readers_.Acquire();
      Statement rows =
          (*db).Prepare("SELECT recipient FROM allowed_recipients WHERE service_id = ?");
      rows.Bind(1, service_id);
      std::vector<std::string> list;
      while (rows.Step()) list.push_back(rows.Text(0));
      return list;
    });
  }

  Status TouchApiKey(std::string_view key_id, Micros at) override {
    return writer_.Write([&](Connection& db) {
      db.Prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ?")
          .Bind(1, at)
          .Bind(2, key_id)
          .Run();
    });
  }

  Result<Service> GetService(std::string_view id) override {
    return Guard([&]() -> Result<Service> {
      auto db = readers_.Acquire();
      static const std::string sql =
          std::string("SELECT ") + kServiceColumns + " FROM services WHERE id = ?";
      Statement row = (*db).Prepare(sql.c_str());
      if (!row.Bind(1, id).Step()) return MakeError(ErrorCode::kNotFound, "service not found");
      return ReadService(row);
    });
  }

  Result<std::vector<Service>> ListServices() override {
    return Guard([&]() -> Result<std::vector<Service>> {
      auto db = readers_.Acquire();
      static const std::string sql =
          std::string("SELECT ") + kServiceColumns + " FROM services ORDER BY created_at";
      Statement rows = (*db).Prepare(sql.c_str());
      std::vector<Service> services;
      while (rows.Step()) services.push_back(ReadService(rows));
      return services;
    });
  }

  Status CreateApiKey(const ApiKey& k) override {
    std::string sealed = box_->Seal(k.secret);
    std::string digest = box_->Digest(k.secret);
    return writer_.Write([&](Connection& db) {
      db.Prepare(
            "INSERT INTO api_keys (id, service_id, name, key_type, secret_sealed, "
            "secret_digest, revoked_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
          .Bind(1, k.id)
          .Bind(2, k.service_id)
          .Bind(3, k.name)
          .Bind(4, KeyTypeName(k.type))
          .Bind(5, sealed)
          .Bind(6, digest)
          .Bind(7, k.revoked_at)
          .Bind(8, k.created_at)
          .Run();
    });
  }

  Result<std::vector<ApiKey>> GetApiKeys(std::string_view service_id) override {
    return Guard([&]() -> Result<std::vector<ApiKey>> {
      auto db = readers_.Acquire();
      Statement rows = (*db).Prepare(
          "SELECT id, service_id, name, key_type, secret_sealed, revoked_at, created_at "
          "FROM api_keys WHERE service_id = ? ORDER BY created_at");
      rows.Bind(1, service_id);
      std::vector<ApiKey> keys;
      while (rows.Step()) {
        auto key = ReadKey(rows);
        if (!key) return key.error();
        keys.push_back(std::move(key).value());
      }
      return keys;
    });
  }

  Result<ApiKey> FindApiKeyBySecret(std::string_view secret) override {
    std::string digest = box_->Digest(secret);
    return Guard([&]() -> Result<ApiKey> {
      auto db = readers_.Acquire();
      Statement row = (*db).Prepare(
          "SELECT id, service_id, name, key_type, secret_sealed, revoked_at, created_at "
          "FROM api_keys WHERE secret_digest = ?");
      if (!row.Bind(1, digest).Step()) return MakeError(ErrorCode::kNotFound, "key not found");
      return ReadKey(row);
    });
  }

  Status RevokeApiKey(std::string_view key_id, Micros at) override {
    bool found = false;
    Status written = writer_.Write([&](Connection& db) {
      db.Prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
          .Bind(1, at)
          .Bind(2, key_id)
          .Run();
      found = db.Changes() > 0;
    });
    if (!written) return written;
    if (!found) return MakeError(ErrorCode::kNotFound, "no live key with that id");
    return {};
  }

  Status CreateTemplate(const Template& t) override {
    return writer_.Write([&](Connection& db) {
      db.Prepare(
            "INSERT INTO templates (id, service_id, template_type, current_version, archived,"
            " created_at, created_by, process_type) VALUES (?, ?, ?, 1, 0, ?, ?, ?)")
          .Bind(1, t.id)
          .Bind(2, t.service_id)
          .Bind(3, TemplateTypeName(t.type))
          .Bind(4, t.created_at)
          .Bind(5, t.created_by)
          .Bind(6, ProcessTypeName(t.process_type))
          .Run();
      InsertVersion(db, t.id, 1, t.name, t.subject, t.body, std::nullopt);
    });
  }

  Result<Template> UpdateTemplate(std::string_view id, const TemplateChange& change,
                                  Micros at) override {
    auto current = GetTemplateAnyService(id);
    if (!current) return current.error();
    Template next = std::move(current).value();
    if (change.name) next.name = *change.name;
    if (change.subject) next.subject = *change.subject;
    if (change.body) next.body = *change.body;
    if (change.process_type) next.process_type = *change.process_type;
    next.version += 1;
    next.updated_at = at;
    bool raced = false;
    Status written = writer_.Write([&](Connection& db) {
      db.Prepare(
            "UPDATE templates SET current_version = ?, process_type = ? WHERE id = ? AND "
            "current_version = ?")
          .Bind(1, next.version)
          .Bind(2, ProcessTypeName(next.process_type))
          .Bind(3, next.id)
          .Bind(4, next.version - 1)
          .Run();
      raced = db.Changes() == 0;
      if (!raced) InsertVersion(db, next.id, next.version, next.name, next.subject, next.body, at);
    });
    if (!written) return written.error();
    if (raced) return MakeError(ErrorCode::kConflict, "template changed meanwhile; try again");
    return next;
  }

  Result<Template> GetTemplate(std::string_view service_id, std::string_view id,
                               std::optional<int> version) override {
    auto found = LoadTemplate(id, version);
    if (found && found->service_id != service_id) {
      return MakeError(ErrorCode::kNotFound, "template not found");
    }
    return found;
  }

  Status ArchiveTemplate(std::string_view id) override {
    bool found = false;
    Status written = writer_.Write([&](Connection& db) {
      db.Prepare("UPDATE templates SET archived = 1 WHERE id = ?").Bind(1, id).Run();
      found = db.Changes() > 0;
    });
    if (written && !found) return MakeError(ErrorCode::kNotFound, "template not found");
    return written;
  }

  Result<Template> GetTemplateAnyService(std::string_view id) override {
    return LoadTemplate(id, std::nullopt);
  }

  Result<std::vector<Template>> ListTemplates(std::string_view service_id,
                                              std::optional<TemplateType> type) override {
    static const std::string sql = std::string(kTemplateSelect) +
                                   " AND v.version = t.current_version WHERE t.service_id = ? "
                                   "AND t.archived = 0 AND (? IS NULL OR t.template_type = ?) "
                                   "ORDER BY v.name, t.template_type";
    return Guard([&]() -> Result<std::vector<Template>> {
      auto db = readers_.Acquire();
      Statement rows = (*db).Prepare(sql.c_str());
      std::optional<std::string> type_name;
      if (type) type_name = std::string(TemplateTypeName(*type));
      rows.Bind(1, service_id).Bind(2, type_name).Bind(3, type_name);
      std::vector<Template> templates;
      while (rows.Step()) templates.push_back(ReadTemplate(rows));
      return templates;
    });
  }

  Status InsertNotification(const Notification& n, std::optional<Limits> limits) override {
    const bool counted = n.key_type != KeyType::kTest;
    auto [day, year] = UsagePeriods(n.created_at);
    std::string over;
    Status written = writer_.Write([&](Connection& db) {
      if (counted && limits) {
        if (ReadUsage(db, n, year) + 1 > limits->annual) over = "annual";
        if (over.empty() && ReadUsage(db, n, day) + 1 > limits->daily) over = "daily";
        if (!over.empty()) return;
      }
      if (counted) {
        AddUsage(db, n, day);
        AddUsage(db, n, year);
      }
      db.Prepare(
            "INSERT INTO notifications (id, service_id, api_key_id, key_type, template_id, "
            "template_version, notification_type, to_address, personalisation, reference, "
            "status, created_at, due_at, sender, unsubscribe_url, scheduled_for, attachments, "
            "lane) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
            "?17, COALESCE((SELECT CASE process_type WHEN 'priority' THEN 0 WHEN 'bulk' THEN 2 "
            "ELSE 1 END FROM templates WHERE id = ?5), 1))")
          .Bind(1, n.id)
          .Bind(2, n.service_id)
          .Bind(3, n.api_key_id)
          .Bind(4, KeyTypeName(n.key_type))
          .Bind(5, n.template_id)
          .Bind(6, n.template_version)
          .Bind(7, TemplateTypeName(n.type))
          .Bind(8, n.to)
          .Bind(9, n.personalisation_json)
          .Bind(10, n.reference)
          .Bind(11, StatusName(n.status))
          .Bind(12, n.created_at)
          .Bind(13, n.scheduled_for.value_or(n.created_at))
          .Bind(14, n.sender)
          .Bind(15, n.unsubscribe_url)
          .Bind(16, n.scheduled_for ? std::optional<int64_t>(*n.scheduled_for) : std::nullopt)
          .Bind(17, n.attachments_json)
          .Run();
    });
    if (written && !over.empty()) return MakeError(ErrorCode::kRejected, over);
    return written;
  }

  Result<Notification> GetNotification(std::string_view service_id, std::string_view id) override {
    static const std::string sql = std::string("SELECT ") + kNotificationColumns +
                                   " FROM notifications WHERE id = ? AND service_id = ?";
    return Guard([&]() -> Result<Notification> {
      auto db = readers_.Acquire();
      Statement row = (*db).Prepare(sql.c_str());
      if (!row.Bind(1, id).Bind(2, service_id).Step()) {
        return MakeError(ErrorCode::kNotFound, "notification not found");
      }
      return ReadNotification(row);
    });
  }

  Result<Notification> FindNotification(std::string_view id) override {
    static const std::string sql =
        std::string("SELECT ") + kNotificationColumns + " FROM notifications WHERE id = ?";
    return Guard([&]() -> Result<Notification> {
      auto db = readers_.Acquire();
      Statement row = (*db).Prepare(sql.c_str());
      if (!row.Bind(1, id).Step()) return MakeError(ErrorCode::kNotFound, "notification not found");
      return ReadNotification(row);
    });
  }

  Result<CancelOutcome> CancelScheduled(std::string_view service_id, std::string_view id,
                                        Micros now) override {
    CancelOutcome outcome = CancelOutcome::kNotFound;
    Status written = writer_.Write([&](Connection& db) {
      Statement row = db.Prepare(
          "SELECT status, scheduled_for FROM notifications WHERE id = ? AND service_id = ?");
      if (!row.Bind(1, id).Bind(2, service_id).Step()) return;
      bool waiting = row.Text(0) == "created";
      bool scheduled = row.OptionalInt(1).has_value();
      outcome = !scheduled ? CancelOutcome::kNotScheduled
                : !waiting ? CancelOutcome::kAlreadySent
                           : CancelOutcome::kCancelled;
      if (outcome != CancelOutcome::kCancelled) return;
      db.Prepare("UPDATE notifications SET status = 'cancelled', updated_at = ? WHERE id = ?")
          .Bind(1, now)
          .Bind(2, id)
          .Run();
    });
    if (!written) return written.error();
    return outcome;
  }

  Result<std::vector<Notification>> ListNotifications(const NotificationQuery& q) override {
    static const std::string sql =
        std::string("SELECT ") + kNotificationColumns +
        " FROM notifications WHERE service_id = ?1 AND key_type = ?2 "
        "AND (?3 IS NULL OR notification_type IN (SELECT value FROM json_each(?3))) "
        "AND (?4 IS NULL OR status IN (SELECT value FROM json_each(?4))) "
        "AND (?5 IS NULL OR reference = ?5) "
        "AND (?6 IS NULL OR created_at < (SELECT created_at FROM notifications "
        "WHERE id = ?6 AND service_id = ?1)) ORDER BY created_at DESC, id DESC LIMIT ?7";
    return Guard([&]() -> Result<std::vector<Notification>> {
      auto db = readers_.Acquire();
      Statement rows = (*db).Prepare(sql.c_str());
      rows.Bind(1, q.service_id).Bind(2, KeyTypeName(q.key_type)).Bind(3, JsonList(q.types));
      rows.Bind(4, JsonList(q.statuses)).Bind(5, q.reference).Bind(6, q.older_than);
      rows.Bind(7, q.limit);
      std::vector<Notification> page;
      while (rows.Step()) page.push_back(ReadNotification(rows));
      return page;
    });
  }

  Status AddReplyTo(const ReplyTo& r) override {
    return writer_.Write([&](Connection& db) {
      db.Prepare(
            "INSERT INTO reply_to_addresses (id, service_id, email_address, is_default, "
            "created_at) VALUES (?, ?, ?, ?, ?)")
          .Bind(1, r.id)
          .Bind(2, r.service_id)
          .Bind(3, r.email_address)
          .Bind(4, r.is_default)
          .Bind(5, r.created_at)
          .Run();
    });
  }

  Result<std::vector<ReplyTo>> ListReplyTos(std::string_view service_id) override {
    return Guard([&]() -> Result<std::vector<ReplyTo>> {
      auto db = readers_.Acquire();
      Statement rows = (*db).Prepare(
          "SELECT id, service_id, email_address, is_default, created_at FROM reply_to_addresses "
          "WHERE service_id = ? ORDER BY created_at, id");
      rows.Bind(1, service_id);
      std::vector<ReplyTo> list;
      while (rows.Step()) {
        list.push_back({rows.Text(0), rows.Text(1), rows.Text(2), rows.Int(3) != 0, rows.Int(4)});
      }
      return list;
    });
  }

  Status AddSmsSender(const SmsSender& r) override {
    return writer_.Write([&](Connection& db) {
      db.Prepare(
            "INSERT INTO sms_senders (id, service_id, sms_sender, is_default, created_at) "
            "VALUES (?, ?, ?, ?, ?)")
          .Bind(1, r.id)
          .Bind(2, r.service_id)
          .Bind(3, r.sms_sender)
          .Bind(4, r.is_default)
          .Bind(5, r.created_at)
          .Run();
    });
  }

  Result<std::vector<SmsSender>> ListSmsSenders(std::string_view service_id) override {
    return Guard([&]() -> Result<std::vector<SmsSender>> {
      auto db = readers_.Acquire();
      Statement rows = (*db).Prepare(
          "SELECT id, service_id, sms_sender, is_default, created_at FROM sms_senders "
          "WHERE service_id = ? ORDER BY created_at, id");
      rows.Bind(1, service_id);
      std::vector<SmsSender> list;
      while (rows.Step()) {
        list.push_back({rows.Text(0), rows.Text(1), rows.Text(2), rows.Int(3) != 0, rows.Int(4)});
      }
      return list;
    });
  }

  Status InsertReceivedText(const ReceivedText& t) override {
    return writer_.Write([&](Connection& db) {
      db.Prepare(
            "INSERT INTO received_texts (id, service_id, notify_number, user_number, "
            "content, created_at) VALUES (?, ?, ?, ?, ?, ?)")
          .Bind(1, t.id)
          .Bind(2, t.service_id)
          .Bind(3, t.notify_number)
          .Bind(4, t.user_number)
          .Bind(5, t.content)
          .Bind(6, t.created_at)
          .Run();
    });
  }

  Result<std::vector<ReceivedText>> ListReceivedTexts(std::string_view service_id,
                                                      const std::optional<std::string>& older_than,
                                                      int limit) override {
    return Guard([&]() -> Result<std::vector<ReceivedText>> {
      auto db = readers_.Acquire();
      Statement rows = (*db).Prepare(
          "SELECT id, service_id, notify_number, user_number, content, created_at "
          "FROM received_texts WHERE service_id = ?1 AND (?2 IS NULL OR created_at < (SELECT "
          "created_at FROM received_texts WHERE id = ?2 AND service_id = ?1)) "
          "ORDER BY created_at DESC, id DESC LIMIT ?3");
      rows.Bind(1, service_id).Bind(2, older_than).Bind(3, limit);
      std::vector<ReceivedText> list;
      while (rows.Step()) {
        list.push_back(
            {rows.Text(0), rows.Text(1), rows.Text(2), rows.Text(3), rows.Text(4), rows.Int(5)});
      }
      return list;
    });
  }

  Result<std::vector<Notification>> ClaimDue(Micros now, Micros lease, int limit) override {
    static const std::string sql =
        std::string(
            "UPDATE notifications SET status = 'sending', due_at = ?, "
            "attempts = attempts + 1, updated_at = ? WHERE id IN (SELECT value FROM "
            "json_each(?)) RETURNING ") +
        kNotificationColumns;
    std::vector<Notification> claimed;
    Status written = writer_.Write([&](Connection& db) {
      claimed.clear();
      std::vector<std::string> order = queue_order_.PickDue(db, now, limit);
      if (order.empty()) return;
      Statement rows = db.Prepare(sql.c_str());
      rows.Bind(1, now + lease).Bind(2, now).Bind(3, JsonList(order));
      while (rows.Step()) claimed.push_back(ReadNotification(rows));
      SortLike(order, claimed);
    });
    if (!written) return written.error();
    return claimed;
  }

  Result<int> TimeOutStale(Micros cutoff, Micros now) override {
    int changed = 0;
    Status written = writer_.Write([&](Connection& db) {
      db.Prepare(
            "UPDATE notifications SET status = CASE status WHEN 'created' THEN "
            "'technical-failure' ELSE 'temporary-failure' END, updated_at = ? "
            "WHERE status IN ('created', 'sending') AND COALESCE(scheduled_for, created_at) < ?")
          .Bind(1, now)
          .Bind(2, cutoff)
          .Run();
      changed = static_cast<int>(db.Changes());
    });
    if (!written) return written.error();
    return changed;
  }

  Status UpdateDelivery(const DeliveryUpdate& u) override {
    std::string callback_id = NewUuid();
    return writer_.Write([&](Connection& db) {
      db.Prepare(
            "UPDATE notifications SET status = ?, provider_response = ?, "
            "sent_at = COALESCE(?, sent_at), updated_at = ?, due_at = ? WHERE id = ?")
          .Bind(1, StatusName(u.status))
          .Bind(2, u.provider_response)
          .Bind(3, u.sent_at ? std::optional<int64_t>(*u.sent_at) : std::nullopt)
          .Bind(4, u.updated_at)
          .Bind(5, u.due_at)
          .Bind(6, u.id)
          .Run();
      if (u.callback_payload) {
        QueueStatusCallback(db, callback_id, u.id, *u.callback_payload, u.updated_at);
      }
    });
  }

  Result<bool> ApplyReceipt(const Receipt& r, std::optional<std::string> payload) override {
    std::string callback_id = NewUuid();
    bool found = false;
    bool applied = false;
    Status written = writer_.Write([&](Connection& db) {
      Statement current =
          db.Prepare("SELECT notification_type, status FROM notifications WHERE id = ?");
      found = current.Bind(1, r.notification_id).Step();
      applied = found && ReceiptApplies(current.Text(0), current.Text(1), r.status);
      if (!applied) return;
      db.Prepare(
            "UPDATE notifications SET status = ?, provider_response = COALESCE(?, "
            "provider_response), updated_at = ? WHERE id = ?")
          .Bind(1, StatusName(r.status))
          .Bind(2, r.provider_response)
          .Bind(3, r.at)
          .Bind(4, r.notification_id)
          .Run();
      if (payload) QueueStatusCallback(db, callback_id, r.notification_id, *payload, r.at);
    });
    if (!written) return written.error();
    if (!found) return MakeError(ErrorCode::kNotFound, "notification not found");
    return applied;
  }

  Status SetServiceCallback(const ServiceCallback& c) override {
    std::string sealed = box_->Seal(c.bearer_token);
    bool found = false;
    Status written = writer_.Write([&](Connection& db) {
      found = db.Prepare("SELECT 1 FROM services WHERE id = ?").Bind(1, c.service_id).Step();
      if (!found) return;
      db.Prepare(
            "INSERT INTO service_callbacks (service_id, url, token_sealed, created_at, kind) "
            "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (service_id, kind) DO UPDATE SET "
            "url = ?2, token_sealed = ?3, updated_at = ?4")
          .Bind(1, c.service_id)
          .Bind(2, c.url)
          .Bind(3, sealed)
          .Bind(4, c.created_at)
          .Bind(5, CallbackKindName(c.kind))
          .Run();
    });
    if (written && !found) return MakeError(ErrorCode::kNotFound, "service not found");
    return written;
  }

  Result<ServiceCallback> GetServiceCallback(std::string_view service_id,
                                             CallbackKind kind) override {
    return Guard([&]() -> Result<ServiceCallback> {
      auto db = readers_.Acquire();
      Statement row = (*db).Prepare(
          "SELECT service_id, url, token_sealed, created_at, updated_at FROM service_callbacks "
          "WHERE service_id = ? AND kind = ?");
      if (!row.Bind(1, service_id).Bind(2, CallbackKindName(kind)).Step()) {
        return MakeError(ErrorCode::kNotFound, "service has no callback");
      }
      auto token = box_->Open(row.Text(2));
      if (!token) return MakeError(ErrorCode::kInternal, "callback token cannot be opened");
      return ServiceCallback{row.Text(0), row.Text(1),        std::move(token).value(),
                             row.Int(3),  row.OptionalInt(4), kind};
    });
  }

  Result<bool> EnqueueCallback(const PendingCallback& c) override {
    bool queued = false;
    Status written = writer_.Write([&](Connection& db) {
      db.Prepare(
            "INSERT INTO pending_callbacks (id, notification_id, service_id, payload, "
            "next_attempt_at, created_at, kind) SELECT ?1, ?2, service_id, ?3, ?4, ?5, kind "
            "FROM service_callbacks WHERE service_id = ?6 AND kind = ?7")
          .Bind(1, c.id)
          .Bind(2, c.notification_id)
          .Bind(3, c.payload_json)
          .Bind(4, c.next_attempt_at)
          .Bind(5, c.created_at)
          .Bind(6, c.service_id)
          .Bind(7, CallbackKindName(c.kind))
          .Run();
      queued = db.Changes() > 0;
    });
    if (!written) return written.error();
    return queued;
  }

  Result<std::vector<PendingCallback>> ClaimDueCallbacks(Micros now, Micros lease,
                                                         int limit) override {
    std::vector<PendingCallback> claimed;
    std::vector<std::optional<std::string>> sealed_tokens;
    Status written = writer_.Write([&](Connection& db) {
      claimed.clear();
      sealed_tokens.clear();
      Statement rows = db.Prepare(
          "UPDATE pending_callbacks SET next_attempt_at = ?1 WHERE id IN (SELECT id FROM "
          "pending_callbacks WHERE given_up_at IS NULL AND next_attempt_at <= ?2 "
          "ORDER BY next_attempt_at, created_at LIMIT ?3) RETURNING id, notification_id, "
          "service_id, payload, attempts, next_attempt_at, last_error, created_at, kind");
      rows.Bind(1, now + lease).Bind(2, now).Bind(3, limit);
      while (rows.Step()) claimed.push_back(ReadPendingCallback(rows));
      for (auto& callback : claimed) sealed_tokens.push_back(AttachUrl(db, callback));
    });
    if (!written) return written.error();
    for (size_t i = 0; i < claimed.size(); ++i) {
      auto token = sealed_tokens[i] ? box_->Open(*sealed_tokens[i]) : Result<std::string>("");
      if (token) claimed[i].bearer_token = std::move(token).value();
      if (!token) claimed[i].url.clear();  // sealed with another master key: unusable
    }
    return claimed;
  }

  Status MarkCallbackDelivered(std::string_view id) override {
    return writer_.Write([&](Connection& db) {
      db.Prepare("DELETE FROM pending_callbacks WHERE id = ?").Bind(1, id).Run();
    });
  }

  Status RescheduleCallback(std::string_view id, Micros next_attempt_at,
                            std::string_view error) override {
    return writer_.Write([&](Connection& db) {
      db.Prepare(
            "UPDATE pending_callbacks SET attempts = attempts + 1, next_attempt_at = ?, "
            "last_error = ? WHERE id = ?")
          .Bind(1, next_attempt_at)
          .Bind(2, error)
          .Bind(3, id)
          .Run();
    });
  }

  Status GiveUpCallback(std::string_view id, Micros at, std::string_view error) override {
    return writer_.Write([&](Connection& db) {
      db.Prepare(
            "UPDATE pending_callbacks SET attempts = attempts + 1, given_up_at = ?, "
            "last_error = ? WHERE id = ?")
          .Bind(1, at)
          .Bind(2, error)
          .Bind(3, id)
          .Run();
    });
  }

 private:
  // Queues the delivery-status callback reporting `notification_id`, when its service has one.
  static void QueueStatusCallback(Connection& db, const std::string& callback_id,
                                  const std::string& notification_id, const std::string& payload,
                                  Micros at) {
    db.Prepare(
          "INSERT INTO pending_callbacks (id, notification_id, service_id, payload, "
          "next_attempt_at, created_at, kind) SELECT ?1, n.id, n.service_id, ?2, ?3, ?3, c.kind "
          "FROM notifications n JOIN service_callbacks c ON c.service_id = n.service_id "
          "AND c.kind = 'delivery_status' WHERE n.id = ?4")
        .Bind(1, callback_id)
        .Bind(2, payload)
        .Bind(3, at)
        .Bind(4, notification_id)
        .Run();
  }

  static void InsertVersion(Connection& db, std::string_view id, int version,
                            const std::string& name, const std::optional<std::string>& subject,
                            const std::string& body, std::optional<Micros> updated_at) {
    db.Prepare(
          "INSERT INTO template_versions (template_id, version, name, subject, body, "
          "updated_at) VALUES (?, ?, ?, ?, ?, ?)")
        .Bind(1, id)
        .Bind(2, version)
        .Bind(3, name)
        .Bind(4, subject)
        .Bind(5, body)
        .Bind(6, updated_at ? std::optional<int64_t>(*updated_at) : std::nullopt)
        .Run();
  }

  static PendingCallback ReadPendingCallback(const Statement& row) {
    PendingCallback c;
    c.id = row.Text(0);
    c.notification_id = row.Text(1);
    c.service_id = row.Text(2);
    c.payload_json = row.Text(3);
    c.attempts = static_cast<int>(row.Int(4));
    c.next_attempt_at = row.Int(5);
    c.last_error = row.OptionalText(6);
    c.created_at = row.Int(7);
    c.kind = ParseCallbackKind(row.Text(8)).value_or(CallbackKind::kDeliveryStatus);
    return c;
  }

  // Sets the claimed callback's URL from its service's callback and returns the sealed token;
  // nullopt (and no URL) when the service has no callback any more.
  static std::optional<std::string> AttachUrl(Connection& db, PendingCallback& callback) {
    Statement row = db.Prepare(
        "SELECT url, token_sealed FROM service_callbacks WHERE service_id = ? AND kind = ?");
    if (!row.Bind(1, callback.service_id).Bind(2, CallbackKindName(callback.kind)).Step()) {
      return std::nullopt;
    }
    callback.url = row.Text(0);
    return row.Text(1);
  }

  Result<ApiKey> ReadKey(const Statement& row) {
    auto secret = box_->Open(row.Text(4));
    if (!secret) return MakeError(ErrorCode::kInternal, "API key secret cannot be opened");
    ApiKey key;
    key.id = row.Text(0);
    key.service_id = row.Text(1);
    key.name = row.Text(2);
    key.type = ParseKeyType(row.Text(3)).value_or(KeyType::kTest);
    key.secret = std::move(secret).value();
    key.revoked_at = row.OptionalInt(5);
    key.created_at = row.Int(6);
    return key;
  }

  Result<Template> LoadTemplate(std::string_view id, std::optional<int> version) {
    return Guard([&]() -> Result<Template> {
      auto db = readers_.Acquire();
      static const std::string sql = std::string(kTemplateSelect) +
                                     " AND v.version = COALESCE(?, t.current_version) "
                                     "WHERE t.id = ?";
      Statement row = (*db).Prepare(sql.c_str());
      row.Bind(1, version ? std::optional<int64_t>(*version) : std::nullopt).Bind(2, id);
      if (!row.Step()) return MakeError(ErrorCode::kNotFound, "template not found");
      return ReadTemplate(row);
    });
  }

  ConnectionPool readers_;
  sqlite::GroupWriter writer_;
  std::unique_ptr<SecretBox> box_;
  sqlite::QueueOrder queue_order_;  // used only inside writer_.Write
};

bool IsApplied(Connection& db, int version) {
  Statement seen = db.Prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
  return seen.Bind(1, version).Step();
}

void Apply(Connection& db, const sqlite::Migration& migration) {
  spdlog::info("store=sqlite event=migrate version={}", migration.version);
  db.Exec(migration.sql);
  db.Prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)")
      .Bind(1, migration.version)
      .Bind(2, SystemClock::Instance().NowMicros())
      .Run();
}

Status Migrate(Connection& db) {
  return Guard([&]() -> Status {
    db.Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "applied_at INTEGER NOT NULL)");
    for (const auto& migration : sqlite::Migrations()) {
      db.Exec("BEGIN IMMEDIATE");
      try {
        if (!IsApplied(db, migration.version)) Apply(db, migration);
        db.Exec("COMMIT");
      } catch (const SqliteError&) {
        db.Exec("ROLLBACK");
        throw;
      }
    }
    return {};
  });
}

}  // namespace

int LatestSchemaVersion() { return sqlite::Migrations().back().version; }

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options) {
  ::mkdir(options.data_dir.c_str(), 0700);
  auto box = SecretBox::OpenOrCreate(options.data_dir + "/master.key");
  if (!box) return box.error();
  std::string path = options.data_dir + "/missive.db";
  auto writer = Connection::Open(path, true, options.synchronous_full);
  if (!writer) return writer.error();
  Status migrated = Migrate(**writer);
  if (!migrated) return migrated.error();
  return std::unique_ptr<Store>(
      new SqliteStore(path, options, std::move(writer).value(), std::move(box).value()));
}

}  // namespace missive
