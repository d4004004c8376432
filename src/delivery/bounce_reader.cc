#include "delivery/bounce_reader.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "callbacks/complaint.h"
#include "core/log.h"
#include "core/uuid.h"
#include "delivery/bounce_report.h"
#include "delivery/receipts.h"

namespace missive {
namespace {

namespace fs = std::filesystem;

// How many messages of one name cur/ or failed/ may hold ("NAME", then "NAME.1", "NAME.2", ...).
constexpr int kMaxSameName = 1000;

// A Maildir file name without its info part (":2,S"): the message's unique name.
std::string UniqueName(const std::string& name) { return name.substr(0, name.find(':')); }

// The names in new/, oldest first (Maildir names start with the delivery time), leaving out
// dot files, which Maildir writers use while they write.
Result<std::vector<std::string>> NewMessages(const fs::path& directory) {
  std::error_code error;
  std::vector<std::string> names;
  for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    std::string name = it->path().filename().string();
    if (!name.starts_with(".") && it->is_regular_file(error)) names.push_back(name);
  }
  if (error) {
    return MakeError(ErrorCode::kUnavailable,
                     "cannot list " + directory.string() + ": " + error.message());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The file's bytes; nullopt when it cannot be read or is larger than `limit`.
std::optional<std::string> ReadMessage(const fs::path& path, size_t limit) {
  std::error_code error;
  auto size = fs::file_size(path, error);
  if (error || size > limit) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in && !in.eof()) return std::nullopt;
  return std::move(bytes).str();
}

Status MakeFolder(const fs::path& folder) {
  std::error_code error;
  if (!fs::create_directories(folder, error) && error) {
    return MakeError(ErrorCode::kUnavailable,
                     "cannot make " + folder.string() + ": " + error.message());
  }
  return {};
}

}  // namespace

BounceReader::BounceReader(Store& store, const Clock& clock, BounceReaderOptions options)
    : store_(store), clock_(clock), options_(std::move(options)) {}

BounceReader::~BounceReader() { Stop(); }

Status BounceReader::Start() {
  for (const char* folder : {"new", "cur", "tmp", "failed"}) {
    if (Status made = MakeFolder(fs::path(options_.maildir) / folder); !made) return made;
  }
  spdlog::info("bounces event=start maildir={} address={}", options_.maildir,
               options_.bounce_address);
  thread_ = std::thread([this] {
    NameThisThread("bounces");
    Run();
  });
  return {};
}

void BounceReader::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool BounceReader::Stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void BounceReader::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    if (auto counts = PollOnce(); !counts) {
      spdlog::error("bounces event=poll-failed error=\"{}\"", counts.error().message);
    }
    lock.lock();
    wake_.wait_for(lock, std::chrono::microseconds(options_.poll_interval),
                   [this] { return stopping_; });
  }
}

Result<BounceReader::Counts> BounceReader::PollOnce() {
  fs::path root(options_.maildir);
  auto names = NewMessages(root / "new");
  if (!names) return names.error();
  for (const char* folder : {"cur", "failed"}) {
    if (Status made = MakeFolder(root / folder); !made) return made.error();
  }

  Counts counts;
  for (const auto& name : *names) {
    if (Stopping()) break;
    switch (Process(name)) {
      case Filing::kApplied:
        ++counts.applied;
        break;
      case Filing::kFailed:
        ++counts.failed;
        break;
      case Filing::kDeferred:
        ++counts.deferred;
        break;
    }
  }
  return counts;
}

BounceReader::Filing BounceReader::Process(const std::string& name) {
  fs::path path = fs::path(options_.maildir) / "new" / name;
  auto message = ReadMessage(path, options_.max_message_bytes);
  Outcome outcome = message ? Apply(*message, UniqueName(name))
                            : Outcome{Filing::kFailed, "unreadable or larger than the limit"};
  if (outcome.filing == Filing::kFailed) {
    spdlog::warn("bounces event=unusable file={} reason=\"{}\" moved_to=failed/", name,
                 outcome.reason);
  } else if (outcome.filing == Filing::kDeferred) {
    spdlog::error("bounces event=deferred file={} reason=\"{}\"", name, outcome.reason);
  }
  if (outcome.filing != Filing::kDeferred && !File(name, outcome.filing)) return Filing::kDeferred;
  return outcome.filing;
}

BounceReader::Outcome BounceReader::Apply(const std::string& message,
                                          const std::string& report_key) {
  auto report = ParseBounceReport(message, options_.bounce_address);
  if (!report) return {Filing::kFailed, report.error().message};
  if (!report->notification_id) return {Filing::kFailed, "names no notification"};
  auto n = store_.FindNotification(*report->notification_id);
  if (!n && n.error().code == ErrorCode::kNotFound) {
    return {Filing::kFailed, "unknown notification " + *report->notification_id};
  }
  if (!n) return {Filing::kDeferred, n.error().message};
  if (n->type != TemplateType::kEmail) {
    return {Filing::kFailed, "notification " + n->id + " is not an email"};
  }
  if (report->kind == ReportKind::kComplaint) return ApplyComplaint(*report, *n, report_key);
  return ApplyBounce(*report, *n, report_key);
}

BounceReader::Outcome BounceReader::ApplyBounce(const BounceReport& report, const Notification& n,
                                                const std::string& report_key) {
  auto verdict = JudgeDeliveryStatus(report);
  if (!verdict) return {Filing::kFailed, "no recipient with a failed, delayed or delivered action"};
  const RecipientReport& r = verdict->recipient;
  BounceRecord record{.id = NewUuid(),
                      .notification_id = n.id,
                      .report_key = report_key,
                      .action = r.action,
                      .status_code = r.status,
                      .feedback_type = verdict->feedback_type,
                      .feedback_subtype = verdict->feedback_subtype,
                      .diagnostic = r.diagnostic,
                      .created_at = clock_.NowMicros()};
  if (auto kept = store_.InsertBounce(record); !kept) {
    return {Filing::kDeferred, kept.error().message};
  }
  // GC Notify reports no provider_response for ordinary bounces; the remote reply is kept with
  // the bounce instead.
  auto changed = RecordReceipt(store_, clock_, n.id, verdict->status, std::nullopt);
  if (!changed) {
    bool gone = changed.error().code == ErrorCode::kNotFound;
    return {gone ? Filing::kFailed : Filing::kDeferred, changed.error().message};
  }
  spdlog::info("notification={} event=bounce status={} action={} code={} changed={}", n.id,
               StatusName(verdict->status), r.action, r.status, *changed);
  return {Filing::kApplied, ""};
}

BounceReader::Outcome BounceReader::ApplyComplaint(const BounceReport& report,
                                                   const Notification& n,
                                                   const std::string& report_key) {
  if (!IsComplaint(report.feedback_type)) {
    spdlog::info("notification={} event=feedback-ignored feedback_type={}", n.id,
                 report.feedback_type);
    return {Filing::kApplied, ""};
  }
  Micros now = clock_.NowMicros();
  Complaint complaint{.id = NewUuid(),
                      .notification_id = n.id,
                      .service_id = n.service_id,
                      .feedback_type = report.feedback_type,
                      .complaint_date = report.arrival_date.value_or(now),
                      .created_at = now,
                      .report_key = report_key};
  PendingCallback callback{.id = NewUuid(),
                           .notification_id = n.id,
                           .service_id = n.service_id,
                           .payload_json = ComplaintPayload(n, complaint),
                           .next_attempt_at = now,
                           .created_at = now};
  callback.kind = CallbackKind::kComplaint;
  auto kept = store_.InsertComplaint(complaint, callback);
  if (!kept) return {Filing::kDeferred, kept.error().message};
  if (n.status != NotificationStatus::kDelivered) {
    auto changed =
        RecordReceipt(store_, clock_, n.id, NotificationStatus::kDelivered, std::nullopt);
    if (!changed) return {Filing::kDeferred, changed.error().message};
  }
  spdlog::info("notification={} event=complaint feedback_type={} new={}", n.id,
               report.feedback_type, *kept);
  return {Filing::kApplied, ""};
}

bool BounceReader::File(const std::string& name, Filing filing) {
  fs::path root(options_.maildir);
  fs::path folder = root / (filing == Filing::kApplied ? "cur" : "failed");
  std::string unique = UniqueName(name);
  std::string info = filing == Filing::kApplied ? ":2,S" : name.substr(unique.size());
  fs::path source = root / "new" / name;
  std::error_code error;
  // A hard link is made only under a free name, so no file already there is ever replaced.
  for (int copy = 0; copy < kMaxSameName; ++copy) {
    fs::path target = folder / (unique + (copy == 0 ? "" : "." + std::to_string(copy)) + info);
    fs::create_hard_link(source, target, error);
    if (error == std::errc::file_exists) continue;
    if (!error) {
      fs::remove(source, error);
      if (!error) return true;
      std::error_code ignored;  // the message stays in new/ alone, to be filed at the next poll
      fs::remove(target, ignored);
    }
    spdlog::error("bounces event=file-failed file={} to={} error=\"{}\"", name, target.string(),
                  error.message());
    return false;
  }
  spdlog::error("bounces event=file-failed file={} to={} error=\"{} files of that name\"", name,
                folder.string(), kMaxSameName);
  return false;
}

}  // namespace missive
