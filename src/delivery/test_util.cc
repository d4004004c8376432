#include "delivery/test_util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <stdexcept>

#include "core/encoding.h"

namespace missive {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string DecodeQWord(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_') {
      out += ' ';
    } else if (text[i] == '=' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Decodes the encoded word at the start of `text` and sets `length` to its size; nullopt when
// `text` does not start with one.
std::optional<std::string> DecodeWordAt(std::string_view text, size_t& length) {
  if (text.substr(0, 2) != "=?") return std::nullopt;
  size_t charset_end = text.find('?', 2);
  if (charset_end == std::string_view::npos || charset_end + 2 >= text.size()) return std::nullopt;
  char encoding = text[charset_end + 1];
  if (text[charset_end + 2] != '?') return std::nullopt;
  size_t end = text.find("?=", charset_end + 3);
  if (end == std::string_view::npos) return std::nullopt;
  std::string_view payload = text.substr(charset_end + 3, end - charset_end - 3);
  length = end + 2;
  if (encoding == 'Q' || encoding == 'q') return DecodeQWord(payload);
  return Base64Decode(payload).value_or("<invalid base64>");
}

std::vector<std::pair<std::string, std::string>> ParseHeaders(std::string_view block) {
  std::vector<std::pair<std::string, std::string>> headers;
  for (const std::string& line : CrlfLines(block)) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !headers.empty()) {
      headers.back().second += line;  // unfolding removes only the line break
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    size_t value = line.find_first_not_of(' ', colon + 1);
    headers.emplace_back(line.substr(0, colon),
                         value == std::string::npos ? "" : line.substr(value));
  }
  return headers;
}

std::string BoundaryOf(const std::string& content_type) {
  size_t at = content_type.find("boundary=");
  if (at == std::string::npos) return "";
  std::string rest = content_type.substr(at + 9);
  if (!rest.empty() && rest[0] == '"') return rest.substr(1, rest.find('"', 1) - 1);
  return rest.substr(0, rest.find(';'));
}

MimePart ParsePart(std::string_view text) {
  size_t split = text.find("\r\n\r\n");
  MimePart part;
  if (split == std::string_view::npos) {
    part.headers = ParseHeaders(text);
    return part;
  }
  part.headers = ParseHeaders(text.substr(0, split));
  part.body = text.substr(split + 4);
  return part;
}

std::vector<MimePart> SplitParts(std::string_view body, const std::string& boundary) {
  std::vector<MimePart> parts;
  std::string delimiter = "--" + boundary;
  size_t at = body.find(delimiter);
  while (at != std::string_view::npos) {
    size_t start = at + delimiter.size();
    if (body.substr(start, 2) == "--") break;
    start += 2;  // the CRLF after the delimiter
    size_t next = body.find("\r\n" + delimiter, start);
    if (next == std::string_view::npos) break;
    parts.push_back(ParsePart(body.substr(start, next - start)));
    at = next + 2;
  }
  return parts;
}

}  // namespace

std::string DecodeQuotedPrintable(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out += text[i];
    } else if (text.substr(i + 1, 2) == "\r\n") {
      i += 2;
    } else if (text.substr(i + 1, 1) == "\n") {
      i += 1;
    } else if (i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += '=';  // not an escape: kept as it is
    }
  }
  return out;
}

std::string DecodeHeaderWords(std::string_view value) {
  std::string out;
  std::string pending_space;
  bool after_word = false;
  size_t i = 0;
  while (i < value.size()) {
    size_t length = 0;
    if (std::optional<std::string> word = DecodeWordAt(value.substr(i), length)) {
      if (!after_word) out += pending_space;
      out += *word;
      pending_space.clear();
      after_word = true;
      i += length;
    } else if (value[i] == ' ' || value[i] == '\t') {
      pending_space += value[i++];
    } else {
      out += pending_space + value[i++];
      pending_space.clear();
      after_word = false;
    }
  }
  return out + pending_space;
}

std::string MimePart::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
      return value;
    }
  }
  return "";
}

size_t MimePart::HeaderCount(std::string_view name) const {
  size_t count = 0;
  for (const auto& header : headers) {
    const std::string& key = header.first;
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
      ++count;
    }
  }
  return count;
}

ParsedMessage ParseMessage(std::string_view message) {
  std::string crlf = ToCrlf(message);
  ParsedMessage parsed;
  static_cast<MimePart&>(parsed) = ParsePart(crlf);
  std::string boundary = BoundaryOf(parsed.Header("Content-Type"));
  if (!boundary.empty()) parsed.parts = SplitParts(parsed.body, boundary);
  return parsed;
}

std::string ToCrlf(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

std::vector<std::string> CrlfLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find("\r\n", start);
    if (end == std::string_view::npos) {
      if (start < text.size()) lines.emplace_back(text.substr(start));
      break;
    }
    lines.emplace_back(text.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "missive-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

LoopbackSocket::LoopbackSocket(bool listen)
    : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  ::bind(fd_, reinterpret_cast<sockaddr*>(&address), size);
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
  port_ = ntohs(address.sin_port);
  if (listen) ::listen(fd_, 4);
}

LoopbackSocket::~LoopbackSocket() { ::close(fd_); }

ScriptedServer::ScriptedServer(std::string script, bool close_after) {
  thread_ = std::thread([this, script = std::move(script), close_after] {
    int peer = ::accept(listener_.fd(), nullptr, nullptr);
    if (peer < 0) return;
    ::send(peer, script.data(), script.size(), MSG_NOSIGNAL);
    char sink[256];
    while (!close_after && ::recv(peer, sink, sizeof sink, 0) > 0) {
    }
    ::close(peer);
  });
}

ScriptedServer::~ScriptedServer() {
  ::shutdown(listener_.fd(), SHUT_RDWR);  // ends an accept still waiting
  thread_.join();
}

}  // namespace missive
