#include <openssl/ssl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/encoding.h"
#include "core/log.h"
#include "delivery/email_sender.h"
#include "delivery/internal/smtp_wire.h"

namespace missive {
namespace {

using smtp_internal::DataSection;
using smtp_internal::Deadline;
using smtp_internal::SmtpReply;
using smtp_internal::SmtpWire;

// Where --smtp-url points: smtp://host[:port][/ehlo-name] or smtps://...; empty host when invalid.
struct SmtpTarget {
  bool implicit_tls = false;
  std::string host;
  std::string port;
  std::string ehlo_name;
  std::string problem;  // why the URL is unusable; empty when it is fine
};

bool IsPort(std::string_view text) {
  if (text.empty() || text.size() > 5) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  int port = std::stoi(std::string(text));
  return port > 0 && port <= 65535;
}

// Letters, digits, '-', '.', and ':' inside an IPv6 literal.
bool IsHost(std::string_view host, bool bracketed) {
  if (host.empty()) return false;
  for (char c : host) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ||
              (bracketed && c == ':');
    if (!ok) return false;
  }
  return true;
}

SmtpTarget ParseSmtpUrl(std::string_view url) {
  SmtpTarget target;
  if (url.starts_with("smtps://")) {
    target.implicit_tls = true;
    url.remove_prefix(8);
  } else if (url.starts_with("smtp://")) {
    url.remove_prefix(7);
  } else {
    target.problem = "must start with smtp:// or smtps://";
    return target;
  }
  size_t slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  if (slash != std::string_view::npos) target.ehlo_name = url.substr(slash + 1);
  if (authority.find('@') != std::string_view::npos) {
    target.problem = "must not hold a user name or password (use --smtp-user, --smtp-password)";
    return target;
  }
  bool bracketed = authority.starts_with('[');
  size_t host_end = bracketed ? authority.find(']') : authority.find(':');
  if (bracketed && host_end == std::string_view::npos) {
    target.problem = "has a '[' without its ']'";
    return target;
  }
  target.host = authority.substr(bracketed ? 1 : 0, bracketed ? host_end - 1 : host_end);
  std::string_view rest = host_end == std::string_view::npos
                              ? std::string_view()
                              : authority.substr(host_end + (bracketed ? 1 : 0));
  if (!rest.empty() && (!rest.starts_with(':') || !IsPort(rest.substr(1)))) {
    target.problem = "has a port that is not a number from 1 to 65535";
  }
  target.port = rest.empty() ? (target.implicit_tls ? "465" : "25") : std::string(rest.substr(1));
  if (!IsHost(target.host, bracketed)) target.problem = "names no valid host";
  return target;
}

// The name this machine gives in EHLO when the URL does not set one.
std::string LocalName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

// "<address>" for MAIL FROM and RCPT TO, without the CR, LF or NUL that would end the command.
std::string EnvelopeAddress(std::string_view address) {
  std::string out = "<";
  for (char c : address) {
    if (c != '\r' && c != '\n' && c != '\0') out += c;
  }
  return out + ">";
}

bool IsAscii(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

// What the server's EHLO reply offers.
struct Extensions {
  bool pipelining = false;
  bool starttls = false;
  bool smtputf8 = false;
  bool auth_plain = false;
  bool auth_login = false;
};

Extensions ExtensionsOf(const SmtpReply& ehlo) {
  Extensions offered;
  for (size_t i = 1; i < ehlo.lines.size(); ++i) {
    std::string line = ehlo.lines[i];
    for (char& c : line) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string_view keyword = std::string_view(line).substr(0, line.find(' '));
    offered.pipelining |= keyword == "PIPELINING";
    offered.starttls |= keyword == "STARTTLS";
    offered.smtputf8 |= keyword == "SMTPUTF8";
    if (keyword == "AUTH") {
      offered.auth_plain |= (" " + line + " ").find(" PLAIN ") != std::string::npos;
      offered.auth_login |= (" " + line + " ").find(" LOGIN ") != std::string::npos;
    }
  }
  return offered;
}

// A reply to a message's own command: 5xx is a refusal for good, anything else a retry.
SendResult Refusal(const SmtpReply& reply) {
  bool permanent = reply.code >= 500 && reply.code < 600;
  return {permanent ? SendOutcome::kRejected : SendOutcome::kRetry, reply.Text()};
}

SendResult Retry(std::string detail) { return {SendOutcome::kRetry, std::move(detail)}; }

Deadline After(long milliseconds) {
  return std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
}

struct SslCtxFree {
  void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
};
using TlsContext = std::unique_ptr<SSL_CTX, SslCtxFree>;

// A client context for TLS 1.2 and later that trusts the certificates in `ca_file`, or the
// system's when it is empty.
Result<TlsContext> NewTlsContext(const std::string& ca_file) {
  TlsContext context(SSL_CTX_new(TLS_client_method()));
  if (!context) return MakeError(ErrorCode::kUnavailable, "cannot create a TLS context");
  SSL_CTX_set_min_proto_version(context.get(), TLS1_2_VERSION);
  bool loaded = ca_file.empty()
                    ? SSL_CTX_set_default_verify_paths(context.get()) == 1
                    : SSL_CTX_load_verify_locations(context.get(), ca_file.c_str(), nullptr) == 1;
  if (!loaded) {
    std::string what = ca_file.empty() ? "the system's trusted certificates" : ca_file;
    return MakeError(ErrorCode::kUnavailable, "cannot load " + what);
  }
  return context;
}

// Shared by every instance: an outage must not flood the log.
LogThrottle& RetryLogThrottle() {
  static LogThrottle throttle;
  return throttle;
}

// Speaks SMTP itself over one connection kept between sends: EHLO, STARTTLS, AUTH once per
// connection, then for each message MAIL, RCPT and DATA, written together when the server offers
// PIPELINING (RFC 2920), and the content. Any failure closes the connection; the next send opens
// a new one.
class SmtpSender final : public EmailSender {
 public:
  explicit SmtpSender(SmtpConfig config)
      : config_(std::move(config)), target_(ParseSmtpUrl(config_.url)) {
    if (target_.ehlo_name.empty()) target_.ehlo_name = LocalName();
  }

  ~SmtpSender() override {
    if (wire_.open() && !wire_.Stale()) {
      (void)wire_.Write("QUIT\r\n", After(1000));
    }
  }

  std::string_view Name() const override { return "smtp"; }

  SendResult Send(const OutgoingEmail& email) override {
    SendResult result;
    SendEach(std::span(&email, 1), [&](size_t, const SendResult& outcome) {
      result = outcome;
      return true;
    });
    return result;
  }

  // Message i's commands, then its content; when the server pipelines, message i + 1's commands
  // leave with message i's content, and `sent` has recorded message i before message i + 1's
  // content is written. A failure closes the connection; the next message starts a new one.
  void SendEach(std::span<const OutgoingEmail> emails, const SentCallback& sent) override {
    size_t i = 0;
    while (i < emails.size()) {
      Deadline deadline = After(config_.total_timeout_ms);
      SendResult begun = Begin(emails[i], deadline);
      if (begun.outcome != SendOutcome::kAccepted) {
        if (!Report(emails, i++, Failed(std::move(begun)), sent)) return;
        continue;
      }
      for (bool chained = true; chained && i < emails.size(); ++i) {
        chained = offered_.pipelining && i + 1 < emails.size() && FitsServer(emails[i + 1]);
        SendResult result = Content(emails[i], chained ? &emails[i + 1] : nullptr, deadline);
        chained = chained && result.outcome == SendOutcome::kAccepted;
        if (!Report(emails, i, Failed(std::move(result)), sent)) {
          if (chained) wire_.Close();  // the next message's transaction is open: abandon it
          return;
        }
        if (!chained) continue;

        deadline = After(config_.total_timeout_ms);
        if (SendResult next = CommandReplies("", deadline);
            next.outcome != SendOutcome::kAccepted) {
          if (!Report(emails, ++i, Failed(std::move(next)), sent)) return;
          chained = false;
        }
      }
    }
  }

 private:
  // Hands `result` to the caller and logs it: a refusal every time, a retry (an outage) at most
  // once a second across senders, since the worker logs the retry it schedules as well.
  bool Report(std::span<const OutgoingEmail> emails, size_t i, const SendResult& result,
              const SentCallback& sent) {
    bool log = result.outcome == SendOutcome::kRejected ||
               (result.outcome == SendOutcome::kRetry && RetryLogThrottle().Allow());
    if (log) {
      std::string detail = result.detail;
      std::replace(detail.begin(), detail.end(), '"', '\'');
      spdlog::warn("notification={} provider=smtp outcome={} detail=\"{}\"",
                   emails[i].notification_id, SendOutcomeName(result.outcome), detail);
    }
    return sent(i, result);
  }

  // After a failed exchange the session may be mid-transaction; the next message starts on a new
  // connection rather than risk "503 nested MAIL command".
  SendResult Failed(SendResult result) {
    if (result.outcome != SendOutcome::kAccepted) wire_.Close();
    return result;
  }

  // Opens the session when there is none (or the server has closed it), then sends the message's
  // MAIL, RCPT and DATA and reads their replies: kAccepted once the server waits for content.
  SendResult Begin(const OutgoingEmail& email, Deadline deadline) {
    if (!target_.problem.empty()) return Retry("the SMTP URL " + target_.problem);
    if (wire_.Stale()) {
      if (SendResult opened = Open(deadline); opened.outcome != SendOutcome::kAccepted) {
        return opened;
      }
    }
    if (!FitsServer(email)) {
      return {SendOutcome::kRejected,
              "the address needs SMTPUTF8 (RFC 6531), which the SMTP server does not offer"};
    }
    std::string commands = Commands(email);
    if (!offered_.pipelining) return CommandReplies(commands, deadline);
    if (Status written = wire_.Write(commands, deadline); !written) {
      return Retry(written.error().message);
    }
    return CommandReplies("", deadline);
  }

  // Connects and brings the session to where a message can start: greeting, EHLO, TLS, AUTH.
  SendResult Open(Deadline deadline) {
    Deadline connect_by = std::min(deadline, After(config_.connect_timeout_ms));
    if (Status up = wire_.Connect(target_.host, target_.port, connect_by); !up) {
      return Retry(up.error().message);
    }
    if (target_.implicit_tls) {
      if (Status tls = StartTls(deadline); !tls) return Retry(tls.error().message);
    }
    if (SendResult greeted = Expect(220, "greeting", deadline);
        greeted.outcome != SendOutcome::kAccepted) {
      return greeted;
    }
    if (SendResult hello = Hello(deadline); hello.outcome != SendOutcome::kAccepted) return hello;
    if (SendResult secured = Secure(deadline); secured.outcome != SendOutcome::kAccepted) {
      return secured;
    }
    return Authenticate(deadline);
  }

  // Reads a reply and checks its code; a session-level failure is always a retry.
  SendResult Expect(int code, std::string_view step, Deadline deadline) {
    Result<SmtpReply> reply = wire_.ReadReply(deadline);
    if (!reply) return Retry(reply.error().message);
    if (reply->code != code) return Retry(std::string(step) + " refused: " + reply->Text());
    return {SendOutcome::kAccepted, reply->Text()};
  }

  SendResult Command(std::string_view line, int code, std::string_view step, Deadline deadline) {
    if (Status sent = wire_.Write(line, deadline); !sent) return Retry(sent.error().message);
    return Expect(code, step, deadline);
  }

  SendResult Hello(Deadline deadline) {
    if (Status sent = wire_.Write("EHLO " + target_.ehlo_name + "\r\n", deadline); !sent) {
      return Retry(sent.error().message);
    }
    Result<SmtpReply> reply = wire_.ReadReply(deadline);
    if (!reply) return Retry(reply.error().message);
    if (reply->code == 250) {
      offered_ = ExtensionsOf(*reply);
      return {SendOutcome::kAccepted, reply->Text()};
    }
    offered_ = {};  // a server without ESMTP: plain HELO, no extensions
    return Command("HELO " + target_.ehlo_name + "\r\n", 250, "HELO", deadline);
  }

  // smtp:// switches to TLS when the server offers STARTTLS, and must when a password is to be
  // sent; then EHLO again, since what the server offers may change.
  SendResult Secure(Deadline deadline) {
    if (wire_.encrypted()) return {SendOutcome::kAccepted, ""};
    bool password = !config_.username.empty();
    if (!offered_.starttls) {
      if (!password) return {SendOutcome::kAccepted, ""};
      return Retry("the SMTP server does not offer STARTTLS; the password is never sent in clear");
    }
    if (SendResult ready = Command("STARTTLS\r\n", 220, "STARTTLS", deadline);
        ready.outcome != SendOutcome::kAccepted) {
      return ready;
    }
    if (Status tls = StartTls(deadline); !tls) return Retry(tls.error().message);
    return Hello(deadline);
  }

  Status StartTls(Deadline deadline) {
    if (!tls_context_) {
      Result<TlsContext> made = NewTlsContext(config_.ca_file);
      if (!made) return made.error();
      tls_context_ = std::move(made).value();
    }
    return wire_.StartTls(tls_context_.get(), target_.host, VerifiesCertificate(), deadline);
  }

  // smtps://, a password or a CA file ask for an authenticated server. STARTTLS taken only because
  // the server offers it is opportunistic (RFC 7435, Postfix's "may" level): encrypted, not
  // checked, so that a relay with a self-signed certificate still gets its mail.
  bool VerifiesCertificate() const {
    return target_.implicit_tls || !config_.username.empty() || !config_.ca_file.empty();
  }

  // AUTH PLAIN (RFC 4616) when offered, otherwise AUTH LOGIN; a refusal is a retry, since it is a
  // configuration problem rather than the message's.
  SendResult Authenticate(Deadline deadline) {
    if (config_.username.empty()) return {SendOutcome::kAccepted, ""};
    if (offered_.auth_plain) {
      std::string credentials = std::string(1, '\0') + config_.username + '\0' + config_.password;
      return Command("AUTH PLAIN " + Base64Encode(credentials) + "\r\n", 235, "SMTP authentication",
                     deadline);
    }
    if (!offered_.auth_login) {
      return Retry("the SMTP server offers neither AUTH PLAIN nor AUTH LOGIN");
    }
    for (const std::string& step : {std::string("AUTH LOGIN"), Base64Encode(config_.username)}) {
      if (SendResult asked = Command(step + "\r\n", 334, "SMTP authentication", deadline);
          asked.outcome != SendOutcome::kAccepted) {
        return asked;
      }
    }
    return Command(Base64Encode(config_.password) + "\r\n", 235, "SMTP authentication", deadline);
  }

  // False for an envelope address that is not ASCII (a local part with accents) when the server
  // does not offer SMTPUTF8: sending it anyway would break RFC 6531.
  bool FitsServer(const OutgoingEmail& email) const {
    if (offered_.smtputf8) return true;
    return IsAscii(email.to) &&
           IsAscii(email.envelope_from.empty() ? email.from_address : email.envelope_from);
  }

  // "MAIL FROM:<from>\r\nRCPT TO:<to>\r\nDATA\r\n", with SMTPUTF8 when an address needs it and
  // the server offers it.
  std::string Commands(const OutgoingEmail& email) const {
    std::string from =
        EnvelopeAddress(email.envelope_from.empty() ? email.from_address : email.envelope_from);
    std::string to = EnvelopeAddress(email.to);
    bool utf8 = offered_.smtputf8 && !(IsAscii(from) && IsAscii(to));
    return "MAIL FROM:" + from + (utf8 ? " SMTPUTF8" : "") + "\r\nRCPT TO:" + to + "\r\nDATA\r\n";
  }

  // Checks one reply to MAIL (index 0), RCPT (1) or DATA (2). A refused MAIL FROM (the sender
  // address, the relay's policy) and "530 authentication required" are about the configuration,
  // not the message: retried, like a refused login.
  static SendResult CommandReply(int index, const SmtpReply& reply) {
    static constexpr const char* kCommands[] = {"MAIL FROM", "RCPT TO", "DATA"};
    bool accepted = index == 2 ? reply.code == 354 : reply.code == 250 || reply.code == 251;
    if (accepted) return {SendOutcome::kAccepted, ""};  // only the content's reply is kept
    if (reply.code < 400) {
      return Retry(std::string("unexpected reply to ") + kCommands[index] + ": " + reply.Text());
    }
    if (index == 0 || reply.code == 530) return Retry(reply.Text());
    return Refusal(reply);
  }

  // Reads the replies to MAIL, RCPT and DATA. `unsent` holds the commands not yet written: with
  // PIPELINING they have all gone out already (empty); without it, each is written before its
  // reply is read.
  SendResult CommandReplies(std::string_view unsent, Deadline deadline) {
    for (int i = 0; i < 3; ++i) {
      if (!unsent.empty()) {
        size_t end = unsent.find('\n') + 1;
        if (Status written = wire_.Write(unsent.substr(0, end), deadline); !written) {
          return Retry(written.error().message);
        }
        unsent.remove_prefix(end);
      }
      Result<SmtpReply> reply = wire_.ReadReply(deadline);
      if (!reply) return Retry(reply.error().message);
      if (SendResult checked = CommandReply(i, *reply); checked.outcome != SendOutcome::kAccepted) {
        return checked;
      }
    }
    return ReadyForContent();
  }

  // After 354 the server waits for content: anything more it sent would be taken for the reply to
  // the content, so the exchange is abandoned.
  SendResult ReadyForContent() {
    if (wire_.HasUnread()) return Retry("the SMTP server sent more replies than commands");
    return {SendOutcome::kAccepted, ""};
  }

  // The content and the end-of-data reply; `next`'s commands go out in the same write.
  SendResult Content(const OutgoingEmail& email, const OutgoingEmail* next, Deadline deadline) {
    std::string bytes = DataSection(BuildMimeMessage(email));
    if (next != nullptr) bytes += Commands(*next);
    if (Status written = wire_.Write(bytes, deadline); !written) {
      return Retry(written.error().message);
    }
    Result<SmtpReply> reply = wire_.ReadReply(deadline);
    if (!reply) return Retry(reply.error().message);
    if (reply->code / 100 != 2) return Refusal(*reply);
    return {SendOutcome::kAccepted, reply->Text()};
  }

  SmtpConfig config_;
  SmtpTarget target_;
  SmtpWire wire_;
  Extensions offered_;
  TlsContext tls_context_;
};

}  // namespace

Status CheckSmtpCaFile(const std::string& path) {
  Result<TlsContext> context = NewTlsContext(path);
  if (!context)
    return MakeError(ErrorCode::kInvalid, "holds no PEM certificate that can be loaded");
  return {};
}

Status CheckSmtpUrl(std::string_view url) {
  SmtpTarget target = ParseSmtpUrl(url);
  if (target.problem.empty()) return {};
  return MakeError(ErrorCode::kInvalid, target.problem);
}

std::unique_ptr<EmailSender> MakeSmtpSender(SmtpConfig config) {
  return std::make_unique<SmtpSender>(std::move(config));
}

}  // namespace missive
