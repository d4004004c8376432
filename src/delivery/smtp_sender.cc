#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <string_view>

#include "core/curl_easy.h"
#include "core/log.h"
#include "delivery/email_sender.h"

namespace missive {
namespace {

// What one transfer reads from and hears: the message still to upload and the server's last
// reply lines.
struct Transfer {
  std::string_view unsent;
  std::deque<std::string> replies;
};

constexpr size_t kRepliesKept = 16;

size_t ReadMessage(char* buffer, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t length = std::min(size * count, transfer->unsent.size());
  std::memcpy(buffer, transfer->unsent.data(), length);
  transfer->unsent.remove_prefix(length);
  return length;
}

void RecordReplyLine(std::string_view line, Transfer& transfer) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.empty()) return;
  if (transfer.replies.size() == kRepliesKept) transfer.replies.pop_front();
  transfer.replies.emplace_back(line);
}

// The last reply line that carries `code` ("550 5.1.1 Mailbox unavailable"); empty when none does.
std::string ReplyWithCode(const Transfer& transfer, long code) {
  std::string prefix = std::to_string(code);
  for (auto it = transfer.replies.rbegin(); it != transfer.replies.rend(); ++it) {
    if (it->compare(0, prefix.size(), prefix) == 0) return *it;
  }
  return "";
}

// libcurl's debug hook; it hands over what the server sent as CURLINFO_HEADER_IN, one or more
// lines at a time.
int RecordReplies(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  if (type != CURLINFO_HEADER_IN) return 0;
  std::string_view text(data, size);
  while (!text.empty()) {
    size_t end = text.find('\n');
    size_t taken = end == std::string_view::npos ? text.size() : end + 1;
    RecordReplyLine(text.substr(0, taken), *static_cast<Transfer*>(user));
    text.remove_prefix(taken);
  }
  return 0;
}

// "<address>" for MAIL FROM and RCPT TO, without the CR, LF or NUL that would end the command.
std::string EnvelopeAddress(std::string_view address) {
  std::string out = "<";
  for (char c : address) {
    if (c != '\r' && c != '\n' && c != '\0') out += c;
  }
  return out + ">";
}

// Shared by every instance: an outage must not flood the log.
LogThrottle& RetryLogThrottle() {
  static LogThrottle throttle;
  return throttle;
}

// Sends with one libcurl easy handle, kept between sends so that libcurl can reuse the connection.
class SmtpSender final : public EmailSender {
 public:
  explicit SmtpSender(SmtpConfig config) : config_(std::move(config)) { handle_ = curl::NewEasy(); }

  std::string_view Name() const override { return "smtp"; }

  SendResult Send(const OutgoingEmail& email) override {
    SendResult result = Transmit(email);
    // A refusal is logged every time; a retry (an outage) at most once a second across senders,
    // since the worker logs the retry it schedules as well.
    bool log = result.outcome == SendOutcome::kRejected ||
               (result.outcome == SendOutcome::kRetry && RetryLogThrottle().Allow());
    if (log) {
      spdlog::warn("notification={} provider=smtp outcome={} detail=\"{}\"", email.notification_id,
                   SendOutcomeName(result.outcome), result.detail);
    }
    return result;
  }

 private:
  SendResult Transmit(const OutgoingEmail& email) {
    if (!handle_) return {SendOutcome::kRetry, "libcurl could not create a handle"};
    std::string message = BuildMimeMessage(email);
    std::string from =
        EnvelopeAddress(email.envelope_from.empty() ? email.from_address : email.envelope_from);
    curl::Slist recipients(curl_slist_append(nullptr, EnvelopeAddress(email.to).c_str()));
    if (!recipients) return {SendOutcome::kRetry, "out of memory"};

    Transfer transfer{message, {}};
    SetOptions(transfer, from, recipients.get(), message.size());
    CURLcode code = curl_easy_perform(handle_.get());

    long reply_code = 0;
    curl_easy_getinfo(handle_.get(), CURLINFO_RESPONSE_CODE, &reply_code);
    SendResult result = Classify(code, reply_code, transfer);
    // Drops the handle's pointers to this call's buffers (closing the connection later still
    // reports to the debug hook); the open connection stays for the next call.
    curl_easy_reset(handle_.get());
    // After a failed exchange the server's session may be mid-transaction; the next message starts
    // on a new connection rather than risk "503 nested MAIL command".
    if (result.outcome != SendOutcome::kAccepted) handle_ = curl::NewEasy();
    return result;
  }

  void SetOptions(Transfer& transfer, const std::string& from, curl_slist* recipients,
                  size_t size) {
    CURL* h = handle_.get();
    error_[0] = '\0';
    curl_easy_setopt(h, CURLOPT_URL, config_.url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, config_.connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, config_.total_timeout_ms);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_);
    curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
    curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, RecordReplies);
    curl_easy_setopt(h, CURLOPT_DEBUGDATA, &transfer);
    SetCredentials(h);

    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(size));
    curl_easy_setopt(h, CURLOPT_READFUNCTION, ReadMessage);
    curl_easy_setopt(h, CURLOPT_READDATA, &transfer);
  }

  // With credentials, smtp:// must switch to TLS (STARTTLS) so the password never crosses in clear;
  // without them, STARTTLS is used when the server offers it.
  void SetCredentials(CURL* h) {
    if (config_.username.empty()) {
      curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
      return;
    }
    curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    curl_easy_setopt(h, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, config_.password.c_str());
  }

  // libcurl's response code is the server's last reply before the failure (QUIT's is not counted).
  SendResult Classify(CURLcode code, long reply_code, const Transfer& transfer) const {
    std::string reply = ReplyWithCode(transfer, reply_code);
    if (code == CURLE_OK) return {SendOutcome::kAccepted, reply};

    bool refused = reply_code >= 400 && !reply.empty();
    std::string error = error_[0] != '\0' ? error_ : curl_easy_strerror(code);
    std::string detail = refused ? reply : error;
    bool permanent = reply_code >= 500 && reply_code < 600 && code != CURLE_LOGIN_DENIED;
    return {permanent ? SendOutcome::kRejected : SendOutcome::kRetry, detail};
  }

  SmtpConfig config_;
  curl::EasyHandle handle_;
  char error_[CURL_ERROR_SIZE] = {};
};

}  // namespace

std::unique_ptr<EmailSender> MakeSmtpSender(SmtpConfig config) {
  return std::make_unique<SmtpSender>(std::move(config));
}

}  // namespace missive
