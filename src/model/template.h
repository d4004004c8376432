#pragma once
// Templates and their versions. Every change makes a new version; a notification records the
// version it was rendered from.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace missive {

enum class TemplateType { kEmail, kSms };

// "email", "sms": the stored and wire names.
std::string_view TemplateTypeName(TemplateType type);
std::optional<TemplateType> ParseTemplateType(std::string_view name);

// The delivery lane a template's notifications take: priority ones go before normal ones, and
// normal ones before bulk ones (GC Notify's template process_type).
enum class ProcessType { kPriority, kNormal, kBulk };

// "priority", "normal", "bulk".
std::string_view ProcessTypeName(ProcessType type);
std::optional<ProcessType> ParseProcessType(std::string_view name);

// One version of a template, as stored in its history.
struct Template {
  std::string id;
  std::string service_id;
  TemplateType type = TemplateType::kEmail;
  std::string name;
  std::optional<std::string> subject;  // email only
  std::string body;
  int version = 1;
  bool archived = false;
  Micros created_at = 0;             // when the template was first created
  std::optional<Micros> updated_at;  // when this version replaced the previous one
  std::string created_by;
  ProcessType process_type = ProcessType::kNormal;  // the same for every version
};

// The fields an update may change; absent ones keep their current value.
struct TemplateChange {
  std::optional<std::string> name;
  std::optional<std::string> subject;
  std::optional<std::string> body;
  std::optional<ProcessType> process_type;
};

}  // namespace missive
