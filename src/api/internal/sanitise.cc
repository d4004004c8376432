#include "api/internal/sanitise.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace missive::handlers {
namespace {

// Link detection follows the pattern notifications-utils uses (a scheme, "www.", or a dotted name
// followed by '/'; then anything up to whitespace or unbalanced brackets; never ending on closing
// punctuation), written as a linear scan rather than a backtracking regular expression.

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// "www", up to three digits, then '.'.
bool StartsWithWww(std::string_view text) {
  if (!StartsWithIgnoringCase(text, "www")) return false;
  size_t i = 3;
  while (i < text.size() && i < 6 && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  return i < text.size() && text[i] == '.';
}

// A run of [a-z0-9.-] ending in ".xx/" to ".xxxx/".
bool StartsWithDomainAndSlash(std::string_view text) {
  size_t end = 0;
  while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                               text[end] == '.' || text[end] == '-')) {
    ++end;
  }
  if (end >= text.size() || text[end] != '/') return false;
  size_t dot = text.rfind('.', end);
  if (dot == std::string_view::npos || dot == 0) return false;
  size_t letters = end - dot - 1;
  bool alpha = std::all_of(text.begin() + dot + 1, text.begin() + end,
                           [](unsigned char c) { return std::isalpha(c); });
  return alpha && letters >= 2 && letters <= 4;
}

bool LinkStartsAt(std::string_view text, size_t i) {
  if (i > 0 && IsWordChar(text[i - 1])) return false;
  std::string_view rest = text.substr(i);
  return StartsWithIgnoringCase(rest, "http://") || StartsWithIgnoringCase(rest, "https://") ||
         StartsWithWww(rest) || StartsWithDomainAndSlash(rest);
}

// The length of the link starting at `i`.
size_t LinkLength(std::string_view text, size_t i) {
  static const std::string_view kNoEnd = "`!()[]{};:'\".,<>?";
  size_t j = i;
  int depth = 0;
  while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j])) && text[j] != '<' &&
         text[j] != '>') {
    if (text[j] == '(') ++depth;
    if (text[j] == ')' && --depth < 0) break;
    ++j;
  }
  while (j > i && kNoEnd.find(text[j - 1]) != std::string_view::npos &&
         !(text[j - 1] == ')' && depth >= 0 &&
           text.substr(i, j - i).find('(') != std::string_view::npos)) {
    --j;
  }
  return j - i;
}

// A bare domain a person typed ("gov.uk"), as opposed to a link.
bool IsAccidentalLink(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '.' || c == '-'; });
}

std::string RemoveLinks(const std::string& value) {
  std::string out;
  for (size_t i = 0; i < value.size();) {
    size_t length = LinkStartsAt(value, i) ? LinkLength(value, i) : 0;
    if (length == 0) {
      out += value[i++];
      continue;
    }
    std::string link = value.substr(i, length);
    if (IsAccidentalLink(link)) {
      for (char c : link) out += c == '.' ? std::string(". ") : std::string(1, c);
    }
    i += length;
  }
  return out;
}

std::string EscapeMarkdown(const std::string& value) {
  static const std::string kSpecial = "`*_()\\{}[]<>#+-.!|";
  std::string out;
  for (char c : value) {
    if (kSpecial.find(c) != std::string::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

std::string SanitiseValue(const std::string& value) { return EscapeMarkdown(RemoveLinks(value)); }

nlohmann::ordered_json SanitisePersonalisation(nlohmann::json& values,
                                               const std::vector<std::string>& keys) {
  nlohmann::ordered_json changed = nlohmann::ordered_json::object();
  for (auto it = values.begin(); it != values.end(); ++it) {
    std::string key = Lower(it.key());
    bool listed = std::any_of(keys.begin(), keys.end(),
                              [&](const std::string& k) { return Lower(k) == key; });
    if (!listed || !it->is_string()) continue;
    std::string original = it->get<std::string>();
    std::string sanitised = SanitiseValue(original);
    if (sanitised == original) continue;
    changed[it.key()] = {{"unsanitised", original}, {"sanitised", sanitised}};
    *it = sanitised;
  }
  return changed;
}

}  // namespace missive::handlers
