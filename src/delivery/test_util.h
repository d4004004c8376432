#pragma once
// Helpers for the delivery tests: decoders that read back what the MIME encoders wrote (written
// independently of them), a header parser, and a temporary directory removed on destruction.
// Not thread-safe; tests only.
//
//   TempDir dir;
//   ParsedMessage message = ParseMessage(BuildMimeMessage(email));
//   EXPECT_EQ(DecodeHeaderWords(message.Header("Subject")), email.subject);

#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace missive {

// Undoes RFC 2045 quoted-printable: "=XX" escapes and "=" CRLF (or "=" LF) soft breaks.
std::string DecodeQuotedPrintable(std::string_view text);

// Decodes RFC 2047 "B" and "Q" encoded words in an unfolded header value and drops the white space
// between two adjacent encoded words, as a mail reader shows it.
std::string DecodeHeaderWords(std::string_view value);

struct MimePart {
  std::vector<std::pair<std::string, std::string>> headers;  // unfolded, in order
  std::string body;                                          // as it stands in the message

  // The value of the first header called `name` (case-insensitive); empty when missing.
  std::string Header(std::string_view name) const;
  size_t HeaderCount(std::string_view name) const;
};

struct ParsedMessage : MimePart {
  std::vector<MimePart> parts;  // the parts of a multipart body, in order
};

// Splits a message (CRLF or LF line ends) into headers and body and, when its Content-Type has a
// boundary, the body into parts.
ParsedMessage ParseMessage(std::string_view message);

// "\n" and "\r\n" both become "\r\n".
std::string ToCrlf(std::string_view text);

// The lines of `text`, split on "\r\n".
std::vector<std::string> CrlfLines(std::string_view text);

// A socket bound to a free port on 127.0.0.1: listening but never answering, or (listen = false)
// only reserving a port nobody listens on. Closed on destruction.
class LoopbackSocket {
 public:
  explicit LoopbackSocket(bool listen);
  ~LoopbackSocket();
  LoopbackSocket(const LoopbackSocket&) = delete;
  LoopbackSocket& operator=(const LoopbackSocket&) = delete;

  int fd() const { return fd_; }
  int port() const { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

// A loopback server (127.0.0.1, a free port) that accepts one connection, writes `script` to it,
// then reads until the client closes (or, with `close_after`, closes at once).
class ScriptedServer {
 public:
  explicit ScriptedServer(std::string script, bool close_after = false);
  ~ScriptedServer();
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  std::string port() const { return std::to_string(listener_.port()); }

 private:
  LoopbackSocket listener_{/*listen=*/true};
  std::thread thread_;
};

// A fresh directory under the system's temporary directory, removed with its contents.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace missive
