#include "delivery/twilio_status.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "core/encoding.h"
#include "core/form.h"
#include "delivery/receipts.h"

namespace missive {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;
using S = NotificationStatus;

// What Twilio's error codes on an undelivered or failed message mean for us. The words are the
// texts of GC Notify's SMS delivery receipts (its AWS SNS ones), and whether a failure is
// permanent or temporary follows how GC Notify classifies each of those texts.
//
//   code   Twilio's meaning                status     provider_response
//   30001  queue overflow                  temporary  Phone carrier is currently unreachable/...
//   30003  unreachable handset             permanent  Phone is currently unreachable/unavailable
//   30004  blocked by the recipient        temporary  Phone has blocked SMS
//   30005  unknown handset                 permanent  Invalid phone number
//   30006  landline or unreachable carrier permanent  Invalid phone number
//   30007  filtered by the carrier         temporary  Phone carrier has blocked this message
//   30008  unknown error                   permanent  Unknown error attempting to reach phone
//   30010  price above the message's limit temporary  This delivery would exceed max price
//   21211  invalid To number               permanent  Invalid phone number
//   21610  opted out (replied STOP)        technical  Phone number is opted out
//   21614  To is not a mobile number       permanent  Invalid phone number
//   other  on an `undelivered` message     temporary  Phone carrier is currently unreachable/...
//   other  on a `failed` message           permanent  Unknown error attempting to reach phone
// (temporary, permanent, technical: temporary-failure, permanent-failure, technical-failure.)
struct ErrorMeaning {
  std::string_view code;
  NotificationStatus status;
  std::string_view response;
};

constexpr ErrorMeaning kErrorMeanings[] = {
    {"30001", S::kTemporaryFailure, "Phone carrier is currently unreachable/unavailable"},
    {"30003", S::kPermanentFailure, "Phone is currently unreachable/unavailable"},
    {"30004", S::kTemporaryFailure, "Phone has blocked SMS"},
    {"30005", S::kPermanentFailure, "Invalid phone number"},
    {"30006", S::kPermanentFailure, "Invalid phone number"},
    {"30007", S::kTemporaryFailure, "Phone carrier has blocked this message"},
    {"30008", S::kPermanentFailure, "Unknown error attempting to reach phone"},
    {"30010", S::kTemporaryFailure, "This delivery would exceed max price"},
    {"21211", S::kPermanentFailure, "Invalid phone number"},
    {"21610", S::kTechnicalFailure, "Phone number is opted out"},
    {"21614", S::kPermanentFailure, "Invalid phone number"},
};

std::string ParamOf(const Params& params, std::string_view name) {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return "";
}

// The URL as given, and with its default port added or removed: Twilio signs the URL as it was
// configured, and a proxy in front of us may have rewritten the Host either way.
std::vector<std::string> UrlVariants(std::string_view url) {
  std::vector<std::string> out{std::string(url)};
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return out;
  std::string_view scheme = url.substr(0, scheme_end);
  std::string_view port = scheme == "https" ? ":443" : scheme == "http" ? ":80" : "";
  if (port.empty()) return out;
  size_t host_start = scheme_end + 3;
  size_t host_end = std::min(url.find('/', host_start), url.find('?', host_start));
  if (host_end == std::string_view::npos) host_end = url.size();
  std::string_view host = url.substr(host_start, host_end - host_start);
  std::string prefix(url.substr(0, host_start));
  std::string rest(url.substr(host_end));
  if (host.ends_with(port)) {
    out.push_back(prefix + std::string(host.substr(0, host.size() - port.size())) + rest);
  } else if (host.find(':') == std::string_view::npos || host.back() == ']') {
    out.push_back(prefix + std::string(host) + std::string(port) + rest);
  }
  return out;
}

std::string QueryParam(std::string_view url, std::string_view name) {
  size_t question = url.find('?');
  if (question == std::string_view::npos) return "";
  return ParamOf(form::Parse(url.substr(question + 1)), name);
}

}  // namespace

std::string TwilioSignature(std::string_view auth_token, std::string_view url, Params params) {
  std::stable_sort(params.begin(), params.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string data(url);
  for (const auto& [name, value] : params) data += name + value;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha1(), auth_token.data(), static_cast<int>(auth_token.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

std::optional<TwilioReport> MapTwilioStatus(std::string_view message_status,
                                            std::string_view error_code) {
  if (message_status == "delivered") {
    return TwilioReport{S::kDelivered, "Message has been accepted by phone"};
  }
  if (message_status == "canceled") {
    return TwilioReport{S::kTechnicalFailure, "Message was canceled before it was sent"};
  }
  bool undelivered = message_status == "undelivered";
  if (!undelivered && message_status != "failed") return std::nullopt;
  for (const auto& meaning : kErrorMeanings) {
    if (meaning.code == error_code) {
      return TwilioReport{meaning.status, std::string(meaning.response)};
    }
  }
  if (undelivered) {
    return TwilioReport{S::kTemporaryFailure, "Phone carrier is currently unreachable/unavailable"};
  }
  return TwilioReport{S::kPermanentFailure, "Unknown error attempting to reach phone"};
}

TwilioStatusReceiver::TwilioStatusReceiver(Store& store, const Clock& clock,
                                           std::vector<TwilioAccount> accounts)
    : store_(store), clock_(clock), accounts_(std::move(accounts)) {}

bool TwilioStatusReceiver::SignatureMatches(const TwilioAccount& account, std::string_view url,
                                            const Params& params,
                                            std::string_view signature) const {
  for (const std::string& candidate : UrlVariants(url)) {
    std::string expected = TwilioSignature(account.auth_token, candidate, params);
    if (expected.size() == signature.size() &&
        CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) == 0) {
      return true;
    }
  }
  return false;
}

Result<bool> TwilioStatusReceiver::Receive(std::string_view url, std::string_view body,
                                           std::string_view signature) {
  Params params = form::Parse(body);
  std::string account_sid = ParamOf(params, "AccountSid");
  auto account = std::find_if(accounts_.begin(), accounts_.end(),
                              [&](const auto& a) { return a.account_sid == account_sid; });
  if (account == accounts_.end() || !SignatureMatches(*account, url, params, signature)) {
    spdlog::warn("provider=twilio event=status-refused reason=\"{}\" account={}",
                 account == accounts_.end() ? "unknown account" : "signature does not match",
                 account_sid);
    return MakeError(ErrorCode::kRejected, "the request is not signed by a configured account");
  }

  std::string id = QueryParam(url, "id");
  std::string status = ParamOf(params, "MessageStatus");
  if (id.empty() || status.empty()) {
    return MakeError(ErrorCode::kInvalid, "a status callback needs ?id= and MessageStatus");
  }
  std::string error_code = ParamOf(params, "ErrorCode");
  auto report = MapTwilioStatus(status, error_code);
  spdlog::debug("notification={} provider=twilio event=status sid={} twilio_status={} error={}", id,
                ParamOf(params, "MessageSid"), status, error_code);
  if (!report) return false;
  WaitUntilRecordedAsSent(id);
  return RecordReceipt(store_, clock_, id, report->status, report->provider_response);
}

// Twilio can report faster than the worker records `sent` after Twilio's answer; an SMS receipt
// only applies to a `sent` notification, so a report that comes that early waits for it.
void TwilioStatusReceiver::WaitUntilRecordedAsSent(const std::string& id) const {
  constexpr int kChecks = 40;
  for (int i = 0; i < kChecks; ++i) {
    auto notification = store_.FindNotification(id);
    if (!notification) return;
    NotificationStatus status = notification->status;
    if (status != S::kCreated && status != S::kSending) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  spdlog::warn("notification={} provider=twilio event=report-before-sent waited_ms={}", id,
               kChecks * 50);
}

}  // namespace missive
