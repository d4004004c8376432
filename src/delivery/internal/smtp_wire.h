#pragma once
// SmtpWire: one TCP connection to an SMTP server, in clear or under TLS, that writes commands and
// reads replies, every wait bounded by a deadline. It knows SMTP's reply syntax (a three-digit
// code, continuation lines "250-...", a last line "250 ..."), not its commands: the session logic
// lives in the SMTP sender. One thread at a time.
//
//   SmtpWire wire;
//   if (Status up = wire.Connect("127.0.0.1", "25", deadline); !up) return up.error();
//   Result<SmtpReply> greeting = wire.ReadReply(deadline);

#include <openssl/ssl.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace missive::smtp_internal {

using Deadline = std::chrono::steady_clock::time_point;

// One reply: its code and its lines without the code or the CR LF ("250-PIPELINING" ->
// "PIPELINING").
struct SmtpReply {
  int code = 0;
  std::vector<std::string> lines;

  // The last line as the server sent it ("550 5.1.1 Mailbox unavailable").
  std::string Text() const;
};

// `message` as DATA carries it: every '.' that opens a line doubled (RFC 5321 section 4.5.2), a
// CR LF added when the last line lacks one, then the lone "." line that ends the data.
std::string DataSection(std::string_view message);

class SmtpWire {
 public:
  SmtpWire() = default;
  ~SmtpWire();
  SmtpWire(const SmtpWire&) = delete;
  SmtpWire& operator=(const SmtpWire&) = delete;

  // Resolves `host` and connects to the first address that answers before `deadline`, with
  // TCP_NODELAY. kUnavailable with the reason ("connect to 127.0.0.1:25: Connection refused",
  // "... timed out") when none does. Closes any previous connection first.
  Status Connect(const std::string& host, const std::string& port, Deadline deadline);

  // Runs the TLS handshake on the open connection; with `verify`, checks the server's certificate
  // against `context`'s trust store and `host` (a name or an IP address). Refused when bytes the
  // server sent before the handshake are still unread (they would be taken as protected).
  // kUnavailable with OpenSSL's reason on failure.
  Status StartTls(SSL_CTX* context, const std::string& host, bool verify, Deadline deadline);

  // Writes all of `bytes`. kUnavailable when the connection fails or the deadline passes.
  Status Write(std::string_view bytes, Deadline deadline);

  // Reads one whole reply; control characters in its text become '?'. kUnavailable when the
  // connection closes or fails or the deadline passes first; kInvalid for a line that is not a
  // reply or a reply over 64 KiB.
  Result<SmtpReply> ReadReply(Deadline deadline);

  // True when the connection cannot carry another transaction: closed, or the server has said
  // or closed something while idle (a 421 before closing, an end of stream).
  bool Stale();

  // True when the server has sent more than the replies read so far.
  bool HasUnread() const { return !unread_.empty(); }

  bool open() const { return fd_ >= 0; }
  bool encrypted() const { return tls_ != nullptr; }
  void Close();

 private:
  Result<size_t> ReadSome(Deadline deadline);
  Result<size_t> WriteSome(std::string_view bytes, Deadline deadline);
  Status Handshake(Deadline deadline);
  Result<std::string> NextLine(Deadline deadline);

  struct SslFree {
    void operator()(SSL* ssl) const { SSL_free(ssl); }
  };

  int fd_ = -1;
  std::string peer_;  // "host:port", for messages
  std::unique_ptr<SSL, SslFree> tls_;
  std::string unread_;  // received, not yet taken as reply lines
};

}  // namespace missive::smtp_internal
