#pragma once
// Bounce reports: what a message arriving at the bounce address says about one of our emails.
// Two machine-readable formats are read: delivery status notifications (RFC 3464,
// multipart/report; report-type=delivery-status), which mail servers send to the envelope sender
// when a message failed, is delayed or was delivered, and abuse complaints in the Abuse Reporting
// Format (RFC 5965, multipart/report; report-type=feedback-report). MIME is parsed with GMime.
// Pure functions, thread-safe.
//
//   Result<BounceReport> report = ParseBounceReport(raw, "bounces@example.ca");
//   if (report && report->kind == ReportKind::kDeliveryStatus)
//     std::optional<BounceVerdict> verdict = JudgeDeliveryStatus(*report);

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "model/notification.h"

namespace missive {

enum class ReportKind { kDeliveryStatus, kComplaint };

// One recipient's fields in a delivery status notification.
struct RecipientReport {
  std::string recipient;                  // Final-Recipient's address, else Original-Recipient's
  std::string action;                     // lower case: failed, delayed, delivered, relayed, ...
  std::string status;                     // "5.1.1"; empty when missing or malformed
  std::optional<std::string> diagnostic;  // Diagnostic-Code after its type ("550 5.1.1 ...")
};

struct BounceReport {
  ReportKind kind = ReportKind::kDeliveryStatus;
  // The notification the report is about (canonical UUID): from the VERP address it was sent to
  // (Delivered-To, X-Original-To, To, or an ARF report's Original-Mail-From), else from the
  // Message-ID of the returned message's headers. nullopt when neither names one.
  std::optional<std::string> notification_id;
  std::vector<RecipientReport> recipients;  // delivery status: one per recipient block
  std::string feedback_type;                // complaint: lower-case Feedback-Type ("abuse")
  std::optional<Micros> arrival_date;       // complaint: Arrival-Date (or Received-Date), if any
};

// Reads one RFC 5322 message (as stored in a Maildir: LF or CRLF line ends). `bounce_address` is
// the configured bounce address ("bounces@example.ca"): a recipient "bounces+<id>@..." names the
// notification <id> (the local part is compared without regard to case; the domain is not
// compared, since mail servers may rewrite it). kInvalid when the message is not a
// multipart/report of either report type, or its report part is missing or holds no field.
Result<BounceReport> ParseBounceReport(std::string_view message, std::string_view bounce_address);

// What a delivery status notification means for the notification, by GC Notify's rules for email
// receipts: failed with a 5.x.x status is permanent-failure (a hard bounce); failed with any other
// status, or delayed, is temporary-failure (a soft bounce); delivered, relayed or expanded is
// delivered.
struct BounceVerdict {
  NotificationStatus status = NotificationStatus::kDelivered;
  // GC Notify's bounce classification: hard-bounce, soft-bounce or unknown-bounce (failed without
  // a valid status), and general, no-email (x.1.1), mailbox-full (x.2.2), message-too-large
  // (x.2.3, x.3.4) or unknown-bounce-subtype; both empty for delivered.
  std::string feedback_type{};
  std::string feedback_subtype{};
  RecipientReport recipient{};  // the recipient block the verdict comes from
};

// The verdict from the most severe recipient block (failed with 5.x.x, then other failures, then
// delayed, then delivered). nullopt when no block has one of those actions.
std::optional<BounceVerdict> JudgeDeliveryStatus(const BounceReport& report);

// True for the Feedback-Types that are complaints about our email (abuse, fraud, virus, other);
// false for reports that are not (not-spam, auth-failure) and unknown types.
bool IsComplaint(std::string_view feedback_type);

}  // namespace missive
