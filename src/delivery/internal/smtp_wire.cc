#include "delivery/internal/smtp_wire.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace missive::smtp_internal {
namespace {

constexpr size_t kMaxReplyBytes = 64 * 1024;
constexpr size_t kReadChunk = 16 * 1024;

Error Unavailable(std::string message) {
  return MakeError(ErrorCode::kUnavailable, std::move(message));
}

int MillisecondsLeft(Deadline deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

// Waits until `fd` is ready for `events`; false when the deadline passes first.
bool WaitFor(int fd, short events, Deadline deadline) {
  for (;;) {
    pollfd ready{fd, events, 0};
    int n = ::poll(&ready, 1, MillisecondsLeft(deadline));
    if (n > 0) return true;
    if (n == 0 || errno != EINTR) return false;
  }
}

// The oldest OpenSSL error on this thread, or `fallback`; clears the queue.
std::string OpenSslReason(std::string_view fallback) {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return std::string(fallback);
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

// A socket connected to `address`, or -1 with errno set.
int ConnectOne(const addrinfo& address, Deadline deadline) {
  int fd = ::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    address.ai_protocol);
  if (fd < 0) return -1;
  int result = ::connect(fd, address.ai_addr, address.ai_addrlen);
  if (result != 0 && errno == EINPROGRESS) {
    if (!WaitFor(fd, POLLOUT, deadline)) {
      ::close(fd);
      errno = ETIMEDOUT;
      return -1;
    }
    socklen_t size = sizeof result;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &result, &size);
    errno = result;
  }
  if (result != 0) {
    int saved = errno;
    ::close(fd);
    errno = saved;
    return -1;
  }
  int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  return fd;
}

// Checks the certificate's name against `host`: a DNS name (also sent as SNI) or an IP address.
bool ExpectPeer(SSL* ssl, const std::string& host) {
  in6_addr ignored;
  bool literal = ::inet_pton(AF_INET, host.c_str(), &ignored) == 1 ||
                 ::inet_pton(AF_INET6, host.c_str(), &ignored) == 1;
  if (literal) return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) == 1;
  return SSL_set1_host(ssl, host.c_str()) == 1 && SSL_set_tlsext_host_name(ssl, host.c_str()) == 1;
}

// `text` with every control character (and DEL) replaced by '?', fit for logs and statuses.
std::string Printable(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return text;
}

// Whether `line` is one line of a reply: three digits, then nothing, a space or a hyphen.
bool IsReplyLine(std::string_view line) {
  if (line.size() < 3) return false;
  for (int i = 0; i < 3; ++i) {
    if (line[i] < '0' || line[i] > '9') return false;
  }
  return line.size() == 3 || line[3] == ' ' || line[3] == '-';
}

}  // namespace

std::string DataSection(std::string_view message) {
  std::string out;
  out.reserve(message.size() + 8);
  // Copies line by line; a line that opens with '.' gets one more in front.
  while (!message.empty()) {
    size_t end = message.find('\n');
    size_t length = end == std::string_view::npos ? message.size() : end + 1;
    if (message.front() == '.') out += '.';
    out.append(message.data(), length);
    message.remove_prefix(length);
  }
  if (!out.empty() && !out.ends_with("\r\n")) out += "\r\n";
  out += ".\r\n";
  return out;
}

std::string SmtpReply::Text() const {
  std::string text = std::to_string(code);
  if (!lines.empty() && !lines.back().empty()) text += " " + lines.back();
  return text;
}

SmtpWire::~SmtpWire() { Close(); }

void SmtpWire::Close() {
  tls_.reset();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  unread_.clear();
}

Status SmtpWire::Connect(const std::string& host, const std::string& port, Deadline deadline) {
  Close();
  peer_ = host + ":" + port;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int failed = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); failed != 0) {
    return Unavailable("cannot resolve " + host + ": " + ::gai_strerror(failed));
  }

  int error = 0;
  for (addrinfo* address = found; address != nullptr && fd_ < 0; address = address->ai_next) {
    fd_ = ConnectOne(*address, deadline);
    if (fd_ < 0) error = errno;
  }
  ::freeaddrinfo(found);
  if (fd_ >= 0) return {};
  if (error == ETIMEDOUT) return Unavailable("connect to " + peer_ + " timed out");
  return Unavailable("connect to " + peer_ + ": " + std::strerror(error));
}

Status SmtpWire::StartTls(SSL_CTX* context, const std::string& host, bool verify,
                          Deadline deadline) {
  if (!unread_.empty()) {
    return Unavailable(peer_ + " sent data before the TLS handshake; refusing to continue");
  }
  tls_.reset(SSL_new(context));
  if (!tls_ || SSL_set_fd(tls_.get(), fd_) != 1 || !ExpectPeer(tls_.get(), host)) {
    tls_.reset();
    return Unavailable("cannot set up TLS: " + OpenSslReason("out of memory"));
  }
  SSL_set_verify(tls_.get(), verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nullptr);
  return Handshake(deadline);
}

Status SmtpWire::Handshake(Deadline deadline) {
  for (;;) {
    int result = SSL_connect(tls_.get());
    if (result == 1) return {};
    int error = SSL_get_error(tls_.get(), result);
    short wanted = error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
    if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
      long verified = SSL_get_verify_result(tls_.get());
      std::string reason = verified != X509_V_OK ? std::string("certificate not trusted: ") +
                                                       X509_verify_cert_error_string(verified)
                                                 : OpenSslReason("the connection closed");
      Close();
      return Unavailable("TLS handshake with " + peer_ + " failed: " + reason);
    }
    if (!WaitFor(fd_, wanted, deadline)) {
      Close();
      return Unavailable("TLS handshake with " + peer_ + " timed out");
    }
  }
}

Status SmtpWire::Write(std::string_view bytes, Deadline deadline) {
  while (!bytes.empty()) {
    Result<size_t> written = WriteSome(bytes, deadline);
    if (!written) {
      Close();
      return written.error();
    }
    bytes.remove_prefix(*written);
  }
  return {};
}

Result<size_t> SmtpWire::WriteSome(std::string_view bytes, Deadline deadline) {
  if (fd_ < 0) return Unavailable("not connected to " + peer_);
  for (;;) {
    short wanted = POLLOUT;
    if (tls_) {
      size_t written = 0;
      if (SSL_write_ex(tls_.get(), bytes.data(), bytes.size(), &written) == 1) return written;
      int error = SSL_get_error(tls_.get(), 0);
      if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
        return Unavailable("writing to " + peer_ + ": " + OpenSslReason("TLS error"));
      }
      wanted = error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
    } else {
      ssize_t written = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (written >= 0) return static_cast<size_t>(written);
      if (errno != EAGAIN && errno != EINTR) {
        return Unavailable("writing to " + peer_ + ": " + std::strerror(errno));
      }
    }
    if (!WaitFor(fd_, wanted, deadline)) {
      return Unavailable("timed out writing to " + peer_);
    }
  }
}

Result<size_t> SmtpWire::ReadSome(Deadline deadline) {
  if (fd_ < 0) return Unavailable("not connected to " + peer_);
  char buffer[kReadChunk];
  for (;;) {
    short wanted = POLLIN;
    if (tls_) {
      size_t got = 0;
      if (SSL_read_ex(tls_.get(), buffer, sizeof buffer, &got) == 1) {
        unread_.append(buffer, got);
        return got;
      }
      int error = SSL_get_error(tls_.get(), 0);
      if (error == SSL_ERROR_ZERO_RETURN) return Unavailable(peer_ + " closed the connection");
      if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
        return Unavailable("reading from " + peer_ + ": " + OpenSslReason("TLS error"));
      }
      wanted = error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
    } else {
      ssize_t got = ::recv(fd_, buffer, sizeof buffer, 0);
      if (got > 0) {
        unread_.append(buffer, static_cast<size_t>(got));
        return static_cast<size_t>(got);
      }
      if (got == 0) return Unavailable(peer_ + " closed the connection");
      if (errno != EAGAIN && errno != EINTR) {
        return Unavailable("reading from " + peer_ + ": " + std::strerror(errno));
      }
    }
    if (!WaitFor(fd_, wanted, deadline)) {
      return Unavailable("timed out waiting for " + peer_ + " to answer");
    }
  }
}

Result<std::string> SmtpWire::NextLine(Deadline deadline) {
  size_t end;
  while ((end = unread_.find('\n')) == std::string::npos) {
    if (unread_.size() > kMaxReplyBytes) {
      return MakeError(ErrorCode::kInvalid, peer_ + " sent a reply line over 64 KiB");
    }
    if (Result<size_t> got = ReadSome(deadline); !got) return got.error();
  }
  std::string line = unread_.substr(0, end);
  unread_.erase(0, end + 1);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Result<SmtpReply> SmtpWire::ReadReply(Deadline deadline) {
  SmtpReply reply;
  size_t total = 0;
  for (;;) {
    Result<std::string> line = NextLine(deadline);
    if (!line) {
      Close();
      return line.error();
    }
    if (!IsReplyLine(*line) || (total += line->size()) > kMaxReplyBytes) {
      Close();
      return MakeError(ErrorCode::kInvalid,
                       peer_ + " sent something that is not an SMTP reply: " + line->substr(0, 80));
    }
    reply.code = std::stoi(line->substr(0, 3));
    reply.lines.push_back(line->size() > 4 ? Printable(line->substr(4)) : "");
    if (line->size() == 3 || (*line)[3] == ' ') return reply;
  }
}

bool SmtpWire::Stale() {
  if (fd_ < 0) return true;
  if (!unread_.empty() || (tls_ && SSL_pending(tls_.get()) > 0)) return true;
  pollfd ready{fd_, POLLIN, 0};
  return ::poll(&ready, 1, 0) != 0;
}

}  // namespace missive::smtp_internal
