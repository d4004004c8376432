#pragma once
// EmailSender: hands one OutgoingEmail to an email provider and says whether the provider took it,
// refused it for good, or could not be reached. Two providers: SMTP and the
// outbox, which writes .eml files for a node with no provider configured. An instance may be used
// by one thread at a time; use one instance per worker thread.
//
//   std::unique_ptr<EmailSender> sender = MakeSmtpSender({.url = "smtp://127.0.0.1:2525"});
//   SendResult result = sender->Send(email);
//   if (result.outcome == SendOutcome::kRetry) ScheduleRetry(email, result.detail);

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "delivery/email_message.h"

namespace missive {

enum class SendOutcome {
  kAccepted,  // the provider took the message
  kRejected,  // refused for good (SMTP 5xx): sending it again will not help
  kRetry,     // not delivered this time (connection, timeout, SMTP 4xx, disk): try again later
};

// "accepted", "rejected", "retry": for logs.
constexpr std::string_view SendOutcomeName(SendOutcome outcome) {
  switch (outcome) {
    case SendOutcome::kAccepted:
      return "accepted";
    case SendOutcome::kRejected:
      return "rejected";
    case SendOutcome::kRetry:
      return "retry";
  }
  return "unknown";
}

struct SendResult {
  SendOutcome outcome;
  std::string detail;  // the server's reply or the error, for provider_response and logs
  // Set with kAccepted by a provider that reports the outcome later (an SMS gateway's delivery
  // report): the notification is then `sent` until its receipt arrives.
  bool awaits_receipt = false;
};

class EmailSender {
 public:
  virtual ~EmailSender() = default;

  // "smtp" or "outbox".
  virtual std::string_view Name() const = 0;

  // Sends `email` and waits for the outcome; every wait is bounded by a timeout. Failures are
  // logged once, with the notification id.
  virtual SendResult Send(const OutgoingEmail& email) = 0;

  // Called with each message's index and outcome, in order; returns false to stop there (the
  // messages after `index` are then not sent).
  using SentCallback = std::function<bool(size_t index, const SendResult& result)>;

  // Sends `emails` in order, calling `sent` for each before the next message's content leaves,
  // so that the caller can record one outcome before another message can be delivered. A
  // provider may overlap the next message's preliminaries with that (SMTP: its MAIL, RCPT and
  // DATA go out with the previous content). By default, Send for each in turn.
  virtual void SendEach(std::span<const OutgoingEmail> emails, const SentCallback& sent) {
    for (size_t i = 0; i < emails.size(); ++i) {
      if (!sent(i, Send(emails[i]))) return;
    }
  }
};

struct SmtpConfig {
  std::string url{};       // smtp://host:port or smtps://host:port
  std::string username{};  // empty: no authentication
  std::string password{};
  // PEM file of the certificates trusted for the server's TLS certificate; empty: the system's.
  std::string ca_file{};
  long connect_timeout_ms = 5000;
  long total_timeout_ms = 30000;  // one whole Send, connecting included
};

// Sends over SMTP, keeping the connection open between sends, and writing MAIL, RCPT and DATA
// together when the server offers PIPELINING (with SendEach, together with the previous message's
// content, so each message after the first costs one round trip). A 5xx reply to one of the
// message's commands is kRejected; a failure to connect, greet, switch to TLS or authenticate is a
// configuration or server problem rather than the message's and is kRetry, as is every 4xx and
// time-out. smtp:// switches to TLS with STARTTLS when the server offers it, and insists on it when
// a username is set; smtps:// starts with TLS. The server's certificate is always checked (ca_file
// or the system's trust store, and the URL's host name or address).
std::unique_ptr<EmailSender> MakeSmtpSender(SmtpConfig config);

// Whether MakeSmtpSender can use `url`: smtp:// or smtps://, a host, an optional numeric port, no
// user name or password. kInvalid says what is wrong ("must start with smtp:// or smtps://").
Status CheckSmtpUrl(std::string_view url);

// Whether `path` holds PEM certificates that TLS can trust (SmtpConfig::ca_file); kInvalid when
// not.
Status CheckSmtpCaFile(const std::string& path);

// Writes each message to <directory>/<notification_id>.eml (temporary file, fsync, rename),
// creating the directory when missing. kRetry when the write fails; kRejected for a notification id
// that is not a plain file name (letters, digits, '-', '_', '.', not starting with '.'). Safe to
// share between threads.
std::unique_ptr<EmailSender> MakeOutboxSender(std::string directory);

}  // namespace missive
