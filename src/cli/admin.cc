#include "cli/admin.h"

#include <cctype>

#include "core/clock.h"
#include "core/uuid.h"
#include "recipients/email_address.h"
#include "render/sms.h"

namespace missive::cli {
namespace {

// Latin-1 letters with accents, as UTF-8, and the ASCII letter each stands for.
constexpr std::pair<std::string_view, char> kFolds[] = {
    {"à", 'a'}, {"â", 'a'}, {"ä", 'a'}, {"á", 'a'}, {"ç", 'c'}, {"é", 'e'}, {"è", 'e'},
    {"ê", 'e'}, {"ë", 'e'}, {"î", 'i'}, {"ï", 'i'}, {"í", 'i'}, {"ô", 'o'}, {"ö", 'o'},
    {"ó", 'o'}, {"ù", 'u'}, {"û", 'u'}, {"ü", 'u'}, {"ú", 'u'}, {"ÿ", 'y'}, {"ñ", 'n'},
    {"À", 'a'}, {"Â", 'a'}, {"Ç", 'c'}, {"É", 'e'}, {"È", 'e'}, {"Ê", 'e'}, {"Î", 'i'},
    {"Ô", 'o'}, {"Ù", 'u'}, {"Û", 'u'}, {"Ë", 'e'}, {"Ï", 'i'}, {"Ü", 'u'},
};

// The ASCII character for the text at the front of `rest` and how many bytes it used.
std::pair<char, size_t> FoldFront(std::string_view rest) {
  unsigned char c = static_cast<unsigned char>(rest[0]);
  if (c < 0x80) return {static_cast<char>(std::tolower(c)), 1};
  for (auto [accented, plain] : kFolds) {
    if (rest.substr(0, accented.size()) == accented) return {plain, accented.size()};
  }
  size_t length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
  return {'\0', length};
}

}  // namespace

std::optional<Error> CheckTemplateText(TemplateType type, const std::string& name,
                                       const std::string& body) {
  constexpr size_t kMaxName = 255;
  constexpr size_t kMaxEmailCharacters = 50'000;
  if (name.size() > kMaxName) {
    return MakeError(ErrorCode::kInvalid, "Template name must be less than 255 characters");
  }
  if (type == TemplateType::kSms && CountSmsUnits(body) > kSmsMaxUnits) {
    return MakeError(ErrorCode::kInvalid,
                     "Content has a character count greater than the limit of 612");
  }
  size_t characters = 0;
  for (unsigned char c : body) characters += (c & 0xc0) != 0x80;
  if (type == TemplateType::kEmail && characters > kMaxEmailCharacters) {
    return MakeError(ErrorCode::kInvalid,
                     "Content has a character count greater than the limit of 50000");
  }
  return std::nullopt;
}

std::string EmailLocalPartFor(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size();) {
    auto [c, used] = FoldFront(name.substr(i));
    i += used;
    bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    if (keep) {
      out.push_back(c);
    } else if ((c == ' ' || c == '.') && !out.empty() && out.back() != '.') {
      out.push_back('.');
    }
  }
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

Result<Service> CreateService(Store& store, const std::string& name,
                              std::optional<std::string> email_from, bool live) {
  if (name.empty()) return MakeError(ErrorCode::kInvalid, "the service name cannot be empty");
  Service service{NewUuid(), name,  email_from.value_or(EmailLocalPartFor(name)),
                  true,      !live, SystemClock::Instance().NowMicros()};
  if (service.email_from.empty()) {
    return MakeError(ErrorCode::kInvalid, "choose an email local part with --email-from");
  }
  if (!IsValidEmailAddress(service.email_from + "@example.com")) {
    return MakeError(ErrorCode::kInvalid,
                     "--email-from must be the part of an address before the @, such as "
                     "\"notices\" or \"avis.canada\"");
  }
  service.email_daily_limit = live ? kLiveEmailDailyLimit : kTrialDailyLimit;
  service.sms_daily_limit = live ? kLiveSmsDailyLimit : kTrialDailyLimit;
  if (Status created = store.CreateService(service); !created) {
    if (created.error().code != ErrorCode::kConflict) return created.error();
    return MakeError(ErrorCode::kConflict, "a service with that name or email-from already exists");
  }
  return service;
}

Result<ApiKey> CreateKey(Store& store, const std::string& service_id, const std::string& name,
                         KeyType type) {
  if (name.empty()) return MakeError(ErrorCode::kInvalid, "the key name cannot be empty");
  auto service = store.GetService(service_id);
  if (!service) return MakeError(ErrorCode::kNotFound, "no service with id " + service_id);
  ApiKey key{NewUuid(),
             service_id,
             name,
             type,
             NewUuid(),
             std::nullopt,
             SystemClock::Instance().NowMicros()};
  if (Status created = store.CreateApiKey(key); !created) {
    if (created.error().code != ErrorCode::kConflict) return created.error();
    return MakeError(ErrorCode::kConflict, "the service already has a key named " + name);
  }
  return key;
}

Result<Template> CreateTemplate(Store& store, const std::string& service_id, TemplateType type,
                                const std::string& name, std::optional<std::string> subject,
                                const std::string& body, ProcessType process_type) {
  if (!store.GetService(service_id)) {
    return MakeError(ErrorCode::kNotFound, "no service with id " + service_id);
  }
  if (name.empty()) return MakeError(ErrorCode::kInvalid, "the template name cannot be empty");
  if (type == TemplateType::kEmail && (!subject || subject->empty())) {
    return MakeError(ErrorCode::kInvalid, "an email template needs --subject");
  }
  if (auto invalid = CheckTemplateText(type, name, body)) return *invalid;
  if (type == TemplateType::kSms) subject.reset();
  Template t;
  t.id = NewUuid();
  t.service_id = service_id;
  t.type = type;
  t.name = name;
  t.subject = std::move(subject);
  t.body = body;
  t.created_at = SystemClock::Instance().NowMicros();
  t.created_by = "cli";
  t.process_type = process_type;
  if (Status created = store.CreateTemplate(t); !created) return created.error();
  return t;
}

}  // namespace missive::cli
