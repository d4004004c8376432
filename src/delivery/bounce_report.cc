#include "delivery/bounce_report.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include "core/uuid.h"

namespace missive {
namespace {

// GMime objects are reference counted GObjects; this drops our reference.
struct Unref {
  void operator()(void* object) const {
    if (object) g_object_unref(object);
  }
};
template <typename T>
using Owned = std::unique_ptr<T, Unref>;

void InitGMime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

// "rfc822; user@example.ca" -> "user@example.ca": the value after the type, when there is one.
std::string AfterType(std::string_view value) {
  size_t semicolon = value.find(';');
  return std::string(
      Trim(semicolon == std::string_view::npos ? value : value.substr(semicolon + 1)));
}

// One block of "Name: value" fields (RFC 3464 and RFC 5965 report bodies, returned headers):
// lower-case names, unfolded values, in order.
using Fields = std::vector<std::pair<std::string, std::string>>;

std::optional<std::string> Field(const Fields& fields, std::string_view name) {
  for (const auto& [key, value] : fields) {
    if (key == name) return value;
  }
  return std::nullopt;
}

// Splits a report body into its blocks of fields, separated by blank lines. A line starting with
// a space or a tab continues the previous field; a line without a colon is skipped.
std::vector<Fields> ParseFieldBlocks(std::string_view text) {
  std::vector<Fields> blocks(1);
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty()) {
      if (!blocks.back().empty()) blocks.emplace_back();
    } else if ((line[0] == ' ' || line[0] == '\t') && !blocks.back().empty()) {
      blocks.back().back().second += " " + std::string(Trim(line));
    } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
      blocks.back().emplace_back(Lower(Trim(line.substr(0, colon))),
                                 std::string(Trim(line.substr(colon + 1))));
    }
  }
  if (blocks.back().empty()) blocks.pop_back();
  return blocks;
}

// The decoded content of a leaf part (transfer encoding undone).
std::string PartContent(GMimeObject* object) {
  if (!GMIME_IS_PART(object)) return "";
  GMimeDataWrapper* content = g_mime_part_get_content(GMIME_PART(object));
  if (!content) return "";
  Owned<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, stream.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

bool IsType(GMimeObject* object, const char* type, const char* subtype) {
  return g_mime_content_type_is_type(g_mime_object_get_content_type(object), type, subtype);
}

// The first multipart/report in the message, outside any message it carries.
GMimeMultipart* FindReport(GMimeMessage* message) {
  GMimeObject* top = g_mime_message_get_mime_part(message);
  if (!top) return nullptr;
  if (GMIME_IS_MULTIPART(top) && IsType(top, "multipart", "report")) return GMIME_MULTIPART(top);
  GMimeMultipart* found = nullptr;
  g_mime_message_foreach(
      message,
      [](GMimeObject*, GMimeObject* part, gpointer data) {
        auto* result = static_cast<GMimeMultipart**>(data);
        if (!*result && GMIME_IS_MULTIPART(part) && IsType(part, "multipart", "report"))
          *result = GMIME_MULTIPART(part);
      },
      &found);
  return found;
}

// The notification id in a Message-ID ("<id@domain>"), when its local part is a UUID.
std::optional<std::string> IdFromMessageId(std::string_view message_id) {
  message_id = Trim(message_id);
  if (!message_id.empty() && message_id.front() == '<') message_id.remove_prefix(1);
  size_t at = message_id.rfind('@');
  if (at == std::string_view::npos) return std::nullopt;
  return ParseUuid(message_id.substr(0, at));
}

// The notification id in a VERP address "<local>+<id>@domain" of the bounce address.
std::optional<std::string> IdFromVerp(std::string_view address, std::string_view bounce_local) {
  size_t at = address.rfind('@');
  if (at == std::string_view::npos || bounce_local.empty()) return std::nullopt;
  std::string local = Lower(address.substr(0, at));
  std::string prefix = Lower(bounce_local) + "+";
  if (local.size() <= prefix.size() || local.compare(0, prefix.size(), prefix) != 0)
    return std::nullopt;
  return ParseUuid(std::string_view(local).substr(prefix.size()));
}

// Every address in a header value such as To or Delivered-To.
std::vector<std::string> Addresses(const std::string& value) {
  std::vector<std::string> out;
  Owned<InternetAddressList> list(internet_address_list_parse(nullptr, value.c_str()));
  if (!list) return out;
  for (int i = 0; i < internet_address_list_length(list.get()); ++i) {
    InternetAddress* address = internet_address_list_get_address(list.get(), i);
    if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
      out.emplace_back(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address)));
    }
  }
  return out;
}

// Values of the message's headers that name where the report was delivered, most specific first.
std::vector<std::string> RecipientHeaders(GMimeMessage* message) {
  std::vector<std::string> values;
  GMimeHeaderList* headers = g_mime_object_get_header_list(GMIME_OBJECT(message));
  for (const char* name : {"Delivered-To", "X-Original-To", "To"}) {
    for (int i = 0; i < g_mime_header_list_get_count(headers); ++i) {
      GMimeHeader* header = g_mime_header_list_get_header_at(headers, i);
      const char* value = g_mime_header_get_value(header);
      if (value && g_ascii_strcasecmp(g_mime_header_get_name(header), name) == 0)
        values.emplace_back(value);
    }
  }
  return values;
}

std::optional<std::string> IdFromRecipients(const std::vector<std::string>& header_values,
                                            std::string_view bounce_address) {
  std::string_view local = bounce_address.substr(0, bounce_address.rfind('@'));
  for (const auto& value : header_values) {
    for (const auto& address : Addresses(value)) {
      if (auto id = IdFromVerp(address, local)) return id;
    }
  }
  return std::nullopt;
}

// The Message-ID of the returned message: a message/rfc822 part (the whole message) or a
// text/rfc822-headers part (its headers only).
std::optional<std::string> ReturnedMessageId(GMimeObject* part) {
  if (GMIME_IS_MESSAGE_PART(part)) {
    GMimeMessage* returned = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
    const char* id =
        returned ? g_mime_object_get_header(GMIME_OBJECT(returned), "Message-ID") : nullptr;
    return id ? IdFromMessageId(id) : std::nullopt;
  }
  std::vector<Fields> blocks = ParseFieldBlocks(PartContent(part));
  if (blocks.empty()) return std::nullopt;
  auto id = Field(blocks.front(), "message-id");
  return id ? IdFromMessageId(*id) : std::nullopt;
}

bool IsReturnedMessage(GMimeObject* part) {
  return IsType(part, "message", "rfc822") || IsType(part, "text", "rfc822-headers") ||
         IsType(part, "message", "global") || IsType(part, "message", "global-headers");
}

// "5.1.1" from a Status value such as "5.1.1 (bad destination mailbox)"; empty when malformed.
std::string StatusCode(std::string_view value) {
  value = Trim(value);
  std::string_view code = value.substr(0, value.find_first_of(" \t("));
  int dots = 0;
  for (char c : code) {
    if (c == '.') ++dots;
    if (c != '.' && !std::isdigit(static_cast<unsigned char>(c))) return "";
  }
  if (dots != 2 || code.size() < 5 || (code[0] != '2' && code[0] != '4' && code[0] != '5'))
    return "";
  return std::string(code);
}

RecipientReport ReadRecipient(const Fields& fields) {
  RecipientReport r;
  auto final_recipient = Field(fields, "final-recipient");
  auto original = Field(fields, "original-recipient");
  r.recipient = AfterType(final_recipient.value_or(original.value_or("")));
  r.action = Lower(Trim(Field(fields, "action").value_or("")));
  r.action = r.action.substr(0, r.action.find_first_of(" \t("));
  r.status = StatusCode(Field(fields, "status").value_or(""));
  if (auto diagnostic = Field(fields, "diagnostic-code")) r.diagnostic = AfterType(*diagnostic);
  return r;
}

// A delivery-status body: the per-message block, then one block per recipient (those with an
// Action field).
Status ReadDeliveryStatus(std::string_view body, BounceReport& report) {
  for (const auto& block : ParseFieldBlocks(body)) {
    if (Field(block, "action")) report.recipients.push_back(ReadRecipient(block));
  }
  if (report.recipients.empty()) {
    return MakeError(ErrorCode::kInvalid, "delivery status report has no recipient with an Action");
  }
  return {};
}

std::optional<Micros> ParseMailDate(const std::string& text) {
  GDateTime* parsed = g_mime_utils_header_decode_date(text.c_str());
  if (!parsed) return std::nullopt;
  Micros at = g_date_time_to_unix(parsed) * kMicrosPerSecond + g_date_time_get_microsecond(parsed);
  g_date_time_unref(parsed);
  return at;
}

// A feedback-report body: one block with Feedback-Type, and maybe Arrival-Date and
// Original-Mail-From (our VERP address).
Status ReadFeedbackReport(std::string_view body, std::string_view bounce_address,
                          BounceReport& report) {
  std::vector<Fields> blocks = ParseFieldBlocks(body);
  auto type = blocks.empty() ? std::nullopt : Field(blocks.front(), "feedback-type");
  if (!type || Trim(*type).empty()) {
    return MakeError(ErrorCode::kInvalid, "feedback report has no Feedback-Type");
  }
  const Fields& fields = blocks.front();
  report.feedback_type = Lower(Trim(*type));
  auto arrival = Field(fields, "arrival-date");
  if (!arrival) arrival = Field(fields, "received-date");
  if (arrival) report.arrival_date = ParseMailDate(*arrival);
  if (auto from = Field(fields, "original-mail-from"); from && !report.notification_id) {
    report.notification_id = IdFromRecipients({*from}, bounce_address);
  }
  return {};
}

Result<BounceReport> ReadReport(GMimeMessage* message, std::string_view bounce_address) {
  GMimeMultipart* multipart = FindReport(message);
  if (!multipart) return MakeError(ErrorCode::kInvalid, "not a multipart/report");
  const char* type = g_mime_content_type_get_parameter(
      g_mime_object_get_content_type(GMIME_OBJECT(multipart)), "report-type");
  std::string report_type = Lower(type ? type : "");

  BounceReport report;
  report.notification_id = IdFromRecipients(RecipientHeaders(message), bounce_address);
  std::optional<std::string> returned_id;
  bool read = false;
  for (int i = 0; i < g_mime_multipart_get_count(multipart); ++i) {
    GMimeObject* part = g_mime_multipart_get_part(multipart, i);
    Status status;
    if (report_type == "delivery-status" && (IsType(part, "message", "delivery-status") ||
                                             IsType(part, "message", "global-delivery-status"))) {
      report.kind = ReportKind::kDeliveryStatus;
      status = ReadDeliveryStatus(PartContent(part), report);
      read = true;
    } else if (report_type == "feedback-report" && IsType(part, "message", "feedback-report")) {
      report.kind = ReportKind::kComplaint;
      status = ReadFeedbackReport(PartContent(part), bounce_address, report);
      read = true;
    } else if (IsReturnedMessage(part) && !returned_id) {
      returned_id = ReturnedMessageId(part);
    }
    if (!status) return status.error();
  }
  if (!read) return MakeError(ErrorCode::kInvalid, "report-type \"" + report_type + "\" not read");
  if (!report.notification_id) report.notification_id = returned_id;
  return report;
}

int Severity(const RecipientReport& r) {
  if (r.action == "failed") return r.status.starts_with("5") ? 4 : 3;
  if (r.action == "delayed") return 2;
  if (r.action == "delivered" || r.action == "relayed" || r.action == "expanded") return 1;
  return 0;
}

std::string Subtype(std::string_view status) {
  std::string_view detail = status.substr(std::min<size_t>(2, status.size()));
  if (detail == "1.1") return "no-email";
  if (detail == "2.2") return "mailbox-full";
  if (detail == "2.3" || detail == "3.4") return "message-too-large";
  return "general";
}

}  // namespace

Result<BounceReport> ParseBounceReport(std::string_view message, std::string_view bounce_address) {
  InitGMime();
  Owned<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(message.data(), message.size()));
  Owned<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  Owned<GMimeMessage> parsed(g_mime_parser_construct_message(parser.get(), nullptr));
  if (!parsed) return MakeError(ErrorCode::kInvalid, "not an RFC 5322 message");
  return ReadReport(parsed.get(), bounce_address);
}

std::optional<BounceVerdict> JudgeDeliveryStatus(const BounceReport& report) {
  auto worst = std::max_element(
      report.recipients.begin(), report.recipients.end(),
      [](const RecipientReport& a, const RecipientReport& b) { return Severity(a) < Severity(b); });
  if (worst == report.recipients.end() || Severity(*worst) == 0) return std::nullopt;

  BounceVerdict verdict{.recipient = *worst};
  switch (Severity(*worst)) {
    case 4:
      verdict.status = NotificationStatus::kPermanentFailure;
      verdict.feedback_type = "hard-bounce";
      verdict.feedback_subtype = Subtype(worst->status);
      break;
    case 3:
    case 2: {
      bool undetermined = worst->status.empty() && worst->action == "failed";
      verdict.status = NotificationStatus::kTemporaryFailure;
      verdict.feedback_type = undetermined ? "unknown-bounce" : "soft-bounce";
      verdict.feedback_subtype = undetermined ? "unknown-bounce-subtype" : Subtype(worst->status);
      break;
    }
    default:
      verdict.status = NotificationStatus::kDelivered;
  }
  return verdict;
}

bool IsComplaint(std::string_view feedback_type) {
  return feedback_type == "abuse" || feedback_type == "fraud" || feedback_type == "virus" ||
         feedback_type == "other";
}

}  // namespace missive
