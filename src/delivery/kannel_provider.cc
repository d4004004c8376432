#include "delivery/kannel_provider.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <mutex>

#include "core/curl_easy.h"
#include "core/form.h"
#include "core/log.h"

namespace missive {
namespace {

constexpr std::string_view kScheme = "kannel:";

bool IsUnreserved(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
         c == '~';
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Reads one `key=value` pair of the spec's query into `config`.
void ReadSpecParam(const std::string& key, std::string value, KannelConfig& config) {
  if (key == "username") {
    config.username = std::move(value);
  } else if (key == "password") {
    config.password = std::move(value);
  } else if (key == "from") {
    config.from = std::move(value);
  } else if (key == "receipt_secret") {
    config.receipt_secret = std::move(value);
  } else {
    config.other_params.emplace_back(key, std::move(value));
  }
}

Status CheckConfig(const KannelConfig& config) {
  std::string_view url = config.sendsms_url;
  bool http = StartsWith(url, "http://") || StartsWith(url, "https://");
  if (!http || url.find("://") + 3 >= url.size()) {
    return MakeError(ErrorCode::kInvalid, "a kannel provider is kannel:http://HOST:PORT/PATH?...");
  }
  for (auto [name, value] :
       {std::pair{"username", &config.username}, std::pair{"password", &config.password},
        std::pair{"receipt_secret", &config.receipt_secret}}) {
    if (value->empty()) {
      return MakeError(ErrorCode::kInvalid, std::string("the kannel provider needs ") + name);
    }
  }
  if (!std::all_of(config.receipt_secret.begin(), config.receipt_secret.end(), IsUnreserved)) {
    return MakeError(ErrorCode::kInvalid,
                     "the kannel receipt_secret may hold only letters, digits, '-', '_', '.', '~'");
  }
  return {};
}

// A phone number (optionally with '+') or short code, as opposed to an alphanumeric sender id.
bool IsNumber(std::string_view sender) {
  if (!sender.empty() && sender.front() == '+') sender.remove_prefix(1);
  return !sender.empty() && std::all_of(sender.begin(), sender.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

std::string FromOf(const KannelConfig& config, const OutgoingSms& sms) {
  if (IsNumber(sms.sender) || config.from.empty()) return sms.sender;
  return config.from;
}

// Shared by every instance: a gateway outage must not flood the log.
LogThrottle& RetryLogThrottle() {
  static LogThrottle throttle;
  return throttle;
}

class KannelProvider final : public SmsProvider {
 public:
  explicit KannelProvider(KannelConfig config) : config_(std::move(config)) {}

  std::string_view Name() const override { return "kannel"; }

  SendResult Send(const OutgoingSms& sms) override {
    curl::EasyHandle handle = handles_.Take();
    if (!handle) return {SendOutcome::kRetry, "libcurl could not create a handle"};
    std::string url = KannelSendUrl(config_, sms);
    std::string answer;
    char error[CURL_ERROR_SIZE] = {};
    SetOptions(handle.get(), url, answer, error);
    CURLcode code = curl_easy_perform(handle.get());
    long status = 0;
    if (code == CURLE_OK) curl_easy_getinfo(handle.get(), CURLINFO_RESPONSE_CODE, &status);
    handles_.Give(std::move(handle));

    SendResult result = ClassifyKannelAnswer(status, answer);
    if (code != CURLE_OK) result.detail = error[0] != '\0' ? error : curl_easy_strerror(code);
    Log(sms, status, result);
    return result;
  }

 private:
  void SetOptions(CURL* h, const std::string& url, std::string& answer, char* error) {
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, config_.connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, config_.total_timeout_ms);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "Missive");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, curl::KeepAnswer);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer);
  }

  void Log(const OutgoingSms& sms, long status, const SendResult& result) {
    switch (result.outcome) {
      case SendOutcome::kAccepted:
        spdlog::debug("notification={} provider=kannel outcome=accepted http={} answer=\"{}\"",
                      sms.notification_id, status, result.detail);
        return;
      case SendOutcome::kRejected:
        spdlog::warn("notification={} provider=kannel outcome=rejected http={} answer=\"{}\"",
                     sms.notification_id, status, result.detail);
        return;
      case SendOutcome::kRetry:
        if (!RetryLogThrottle().Allow()) return;
        spdlog::warn(
            "notification={} provider=kannel outcome=retry http={} answer=\"{}\" (one line a "
            "second)",
            sms.notification_id, status, result.detail);
        return;
    }
  }

  const KannelConfig config_;
  curl::EasyPool handles_;  // idle handles keep their connections to the smsbox
};

}  // namespace

Result<KannelConfig> ParseKannelSpec(std::string_view spec) {
  if (!StartsWith(spec, kScheme)) {
    return MakeError(ErrorCode::kInvalid, "a kannel provider spec starts with kannel:");
  }
  spec.remove_prefix(kScheme.size());
  KannelConfig config;
  size_t question = spec.find('?');
  config.sendsms_url = std::string(spec.substr(0, question));
  std::string_view query = question == std::string_view::npos ? "" : spec.substr(question + 1);
  for (auto& [key, value] : form::Parse(query)) ReadSpecParam(key, std::move(value), config);
  if (Status checked = CheckConfig(config); !checked) return checked.error();
  return config;
}

std::string KannelReceiptUrl(const KannelConfig& config, std::string_view notification_id) {
  return config.public_url + "/providers/kannel/receipt?id=" + form::Encode(notification_id) +
         "&status=%d&answer=%A&secret=" + form::Encode(config.receipt_secret);
}

std::string KannelSendUrl(const KannelConfig& config, const OutgoingSms& sms) {
  std::string url = config.sendsms_url;
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += "username=" + form::Encode(config.username);
  url += "&password=" + form::Encode(config.password);
  url += "&from=" + form::Encode(FromOf(config, sms));
  url += "&to=" + form::Encode(sms.to);
  url += "&text=" + form::Encode(sms.text);
  url += "&charset=UTF-8&coding=";
  url += sms.unicode ? "2" : "0";
  url += "&dlr-mask=31&dlr-url=" + form::Encode(KannelReceiptUrl(config, sms.notification_id));
  return url;
}

SendResult ClassifyKannelAnswer(long http_status, std::string_view body) {
  std::string answer(body.substr(0, body.find_last_not_of("\r\n ") + 1));
  if (http_status == 0) return {SendOutcome::kRetry, "no answer from Kannel"};
  std::string detail =
      "HTTP " + std::to_string(http_status) + (answer.empty() ? "" : ": ") + answer;
  if (http_status >= 200 && http_status < 300) {
    return {SendOutcome::kAccepted, answer, /*awaits_receipt=*/true};
  }
  if (http_status == 400) return {SendOutcome::kRejected, detail};
  return {SendOutcome::kRetry, detail};
}

std::unique_ptr<SmsProvider> MakeKannelProvider(KannelConfig config) {
  return std::make_unique<KannelProvider>(std::move(config));
}

Result<std::unique_ptr<SmsProvider>> MakeKannelProviderFromSpec(std::string_view spec,
                                                                std::string public_url) {
  auto config = ParseKannelSpec(spec);
  if (!config) return config.error();
  config->public_url = std::move(public_url);
  return MakeKannelProvider(std::move(config).value());
}

}  // namespace missive
