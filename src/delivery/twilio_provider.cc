#include "delivery/twilio_provider.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "core/curl_easy.h"
#include "core/form.h"
#include "core/log.h"

namespace missive {
namespace {

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

constexpr int kOptedOut = 21610;  // Twilio: the recipient replied STOP to this sender

bool IsNumber(std::string_view sender) {
  return sender.size() > 1 && sender[0] == '+' &&
         sender.find_first_not_of("0123456789", 1) == std::string_view::npos;
}

// Twilio's error code, which it sends as a number (older answers: a string); 0 when absent.
int ErrorCodeOf(const nlohmann::json& answer) {
  if (!answer.is_object() || !answer.contains("code")) return 0;
  const auto& code = answer["code"];
  if (code.is_number_integer()) return code.get<int>();
  if (!code.is_string()) return 0;
  int value = 0;
  const std::string& text = code.get_ref<const std::string&>();
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

bool RetryStatus(long http_status) {
  return http_status < 400 || http_status == 401 || http_status == 403 || http_status == 404 ||
         http_status == 408 || http_status == 429 || http_status >= 500;
}

// Shared by every instance: an outage must not flood the log.
LogThrottle& RetryLogThrottle() {
  static LogThrottle throttle;
  return throttle;
}

class TwilioProvider final : public SmsProvider {
 public:
  explicit TwilioProvider(TwilioConfig config) : config_(std::move(config)) {
    url_ = config_.base_url + "/2010-04-01/Accounts/" + form::Encode(config_.account_sid) +
           "/Messages.json";
    name_ = "twilio@" + HostOf(config_.base_url);
  }

  std::string_view Name() const override { return name_; }

  SendResult Send(const OutgoingSms& sms) override {
    SendResult result = Transmit(sms);
    bool log = result.outcome == SendOutcome::kRejected ||
               (result.outcome == SendOutcome::kRetry && RetryLogThrottle().Allow());
    if (log) {
      spdlog::warn("notification={} provider={} outcome={} detail=\"{}\"", sms.notification_id,
                   name_, SendOutcomeName(result.outcome), result.detail);
    } else if (result.outcome == SendOutcome::kAccepted) {
      spdlog::debug("notification={} provider={} outcome=accepted sid={}", sms.notification_id,
                    name_, result.detail);
    }
    return result;
  }

 private:
  static std::string HostOf(const std::string& base_url) {
    size_t start = base_url.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    return base_url.substr(start, base_url.find('/', start) - start);
  }

  form::Params Fields(const OutgoingSms& sms) const {
    form::Params fields{{"To", sms.to}, {"Body", sms.text}};
    if (!config_.messaging_service_sid.empty()) {
      fields.emplace_back("MessagingServiceSid", config_.messaging_service_sid);
    } else {
      bool own_number = IsNumber(sms.sender) || config_.from.empty();
      fields.emplace_back("From", own_number ? sms.sender : config_.from);
    }
    if (!config_.status_callback.empty()) {
      fields.emplace_back("StatusCallback",
                          config_.status_callback + "?id=" + form::Encode(sms.notification_id));
    }
    return fields;
  }

  SendResult Transmit(const OutgoingSms& sms) {
    curl::EasyHandle handle = handles_.Take();
    if (!handle) return {SendOutcome::kRetry, "libcurl could not create a handle"};
    curl::Slist headers(curl_slist_append(nullptr, "Accept: application/json"));
    if (headers && !curl_slist_append(headers.get(), "Expect:")) headers.reset();
    if (!headers) return {SendOutcome::kRetry, "out of memory"};

    std::string body = form::EncodeParams(Fields(sms));
    std::string answer;
    char error[CURL_ERROR_SIZE] = {};
    SetOptions(handle.get(), headers.get(), body, answer, error);
    CURLcode code = curl_easy_perform(handle.get());
    long http_status = 0;
    curl_easy_getinfo(handle.get(), CURLINFO_RESPONSE_CODE, &http_status);
    handles_.Give(std::move(handle));

    if (code != CURLE_OK) {
      return {SendOutcome::kRetry,
              std::string("Twilio: ") + (error[0] != '\0' ? error : curl_easy_strerror(code))};
    }
    return ClassifyTwilioAnswer(http_status, answer);
  }

  void SetOptions(CURL* h, curl_slist* headers, const std::string& body, std::string& answer,
                  char* error) const {
    curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, config_.connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, config_.total_timeout_ms);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(h, CURLOPT_USERNAME, config_.account_sid.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, config_.auth_token.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, curl::KeepAnswer);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer);
  }

  TwilioConfig config_;
  std::string url_;
  std::string name_;
  curl::EasyPool handles_;  // idle handles keep their connections, reused by the next sends
};

Result<long> TimeoutMs(const std::string& seconds) {
  double value = 0;
  auto [end, error] = std::from_chars(seconds.data(), seconds.data() + seconds.size(), value);
  if (error != std::errc() || end != seconds.data() + seconds.size() || value <= 0 || value > 600) {
    return MakeError(ErrorCode::kInvalid,
                     "twilio provider: timeout is seconds, more than 0 and at most 600");
  }
  return static_cast<long>(value * 1000);
}

// Hosts plain http:// may reach: this machine only (stand-ins in tests and development).
bool IsLoopback(const std::string& host) {
  std::string lower = host;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return lower == "127.0.0.1" || lower == "localhost" || lower == "[::1]";
}

// Takes the account SID and token out of the URL and leaves scheme://host[:port][/path].
Status SplitCredentials(const std::string& url, TwilioConfig& config) {
  UrlHandle parsed(curl_url());
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return MakeError(ErrorCode::kInvalid, "twilio provider: the URL cannot be parsed");
  }
  auto part = [&](CURLUPart which, unsigned flags) {
    char* text = nullptr;
    std::string out;
    if (curl_url_get(parsed.get(), which, &text, flags) == CURLUE_OK && text) out = text;
    curl_free(text);
    return out;
  };
  std::string scheme = part(CURLUPART_SCHEME, 0);
  if (scheme != "http" && scheme != "https") {
    return MakeError(ErrorCode::kInvalid, "twilio provider: the URL must be http:// or https://");
  }
  config.account_sid = part(CURLUPART_USER, CURLU_URLDECODE);
  config.auth_token = part(CURLUPART_PASSWORD, CURLU_URLDECODE);
  if (config.account_sid.empty() || config.auth_token.empty()) {
    return MakeError(ErrorCode::kInvalid,
                     "twilio provider: the URL must hold ACCOUNT_SID:AUTH_TOKEN@ before the host");
  }
  std::string host = part(CURLUPART_HOST, 0);
  if (scheme == "http" && !IsLoopback(host)) {
    return MakeError(ErrorCode::kInvalid,
                     "twilio provider: plain http:// is only for 127.0.0.1, localhost or [::1] "
                     "(the auth token would travel unencrypted); use https://");
  }
  std::string port = part(CURLUPART_PORT, 0);
  std::string path = part(CURLUPART_PATH, 0);
  if (path == "/") path.clear();
  config.base_url = scheme + "://" + host + (port.empty() ? "" : ":" + port) + path;
  return {};
}

// A number in E.164 form ("+" then 8 to 15 digits) or an alphanumeric sender ID (1 to 11 letters
// or digits).
bool IsSender(std::string_view from) {
  if (from.starts_with('+')) {
    std::string_view digits = from.substr(1);
    return digits.size() >= 8 && digits.size() <= 15 &&
           digits.find_first_not_of("0123456789") == std::string_view::npos;
  }
  return !from.empty() && from.size() <= 11 && std::all_of(from.begin(), from.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
  });
}

// Refuses a spec with both or neither of the keys from and messaging_service, or a bad value.
Status CheckSender(const TwilioConfig& config, const std::set<std::string>& keys) {
  bool has_from = keys.contains("from");
  if (has_from == keys.contains("messaging_service")) {
    return MakeError(ErrorCode::kInvalid,
                     "twilio provider: give exactly one of from and messaging_service");
  }
  if (!has_from && config.messaging_service_sid.empty()) {
    return MakeError(ErrorCode::kInvalid, "twilio provider: messaging_service is empty");
  }
  if (has_from && !IsSender(config.from)) {
    return MakeError(ErrorCode::kInvalid,
                     "twilio provider: from must be a number in E.164 form (+ and 8 to 15 digits, "
                     "%2B when in the URL) or a sender ID of 1 to 11 letters or digits");
  }
  return {};
}

}  // namespace

SendResult ClassifyTwilioAnswer(long http_status, std::string_view body) {
  auto answer = nlohmann::json::parse(body, nullptr, false);
  if (http_status >= 200 && http_status < 300) {
    std::string sid = answer.is_object() ? answer.value("sid", "") : "";
    if (sid.empty()) {
      return {SendOutcome::kRetry,
              "Twilio answered " + std::to_string(http_status) + " without a message sid"};
    }
    SendResult result{SendOutcome::kAccepted, sid};
    result.awaits_receipt = true;
    return result;
  }
  int code = ErrorCodeOf(answer);
  if (code == kOptedOut) return {SendOutcome::kRejected, "Phone number is opted out"};
  std::string message = answer.is_object() ? answer.value("message", "") : "";
  std::string detail = "Twilio " + std::to_string(http_status);
  if (code != 0) detail += " error " + std::to_string(code);
  if (!message.empty()) detail += ": " + message;
  return {RetryStatus(http_status) ? SendOutcome::kRetry : SendOutcome::kRejected, detail};
}

std::unique_ptr<SmsProvider> MakeTwilioProvider(TwilioConfig config) {
  return std::make_unique<TwilioProvider>(std::move(config));
}

Result<TwilioConfig> ParseTwilioSpec(const SmsProviderSpec& spec,
                                     const SmsProviderContext& context) {
  TwilioConfig config;
  if (Status split = SplitCredentials(spec.url, config); !split) return split.error();
  std::set<std::string> seen;
  for (const auto& [key, value] : spec.params) {
    if (!seen.insert(key).second) {
      return MakeError(ErrorCode::kInvalid, "twilio provider: the key '" + key + "' is repeated");
    }
    if (key == "from") {
      config.from = value;
    } else if (key == "messaging_service") {
      config.messaging_service_sid = value;
    } else if (key == "timeout") {
      auto timeout = TimeoutMs(value);
      if (!timeout) return timeout.error();
      config.total_timeout_ms = *timeout;
      config.connect_timeout_ms = std::min(config.connect_timeout_ms, *timeout);
    } else {
      return MakeError(ErrorCode::kInvalid, "twilio provider: unknown key '" + key +
                                                "' (from, messaging_service, timeout, priority, "
                                                "rate, burst)");
    }
  }
  if (Status sender = CheckSender(config, seen); !sender) return sender.error();
  if (!context.public_url.empty()) {
    config.status_callback = context.public_url + "/providers/twilio/status";
  }
  return config;
}

Result<std::shared_ptr<SmsProvider>> MakeTwilioProvider(const SmsProviderSpec& spec,
                                                        const SmsProviderContext& context) {
  auto config = ParseTwilioSpec(spec, context);
  if (!config) return config.error();
  return std::shared_ptr<SmsProvider>(MakeTwilioProvider(std::move(config).value()));
}

}  // namespace missive
