#pragma once
// The administration operations behind the CLI, usable from `serve --demo` too. Private to the cli
// module. Each returns what it created or an error message.

#include <optional>
#include <string>

#include "core/result.h"
#include "model/service.h"
#include "model/template.h"
#include "store/store.h"

namespace missive::cli {

// A local part for the From address made from a service name: "Agence du Revenu" ->
// "agence.du.revenu".
std::string EmailLocalPartFor(std::string_view name);

Result<Service> CreateService(Store& store, const std::string& name,
                              std::optional<std::string> email_from, bool live);

// Returns the key with its secret; the full key string is FormatApiKey(key).
Result<ApiKey> CreateKey(Store& store, const std::string& service_id, const std::string& name,
                         KeyType type);

// GC Notify's limits on a template: name at most 255 characters; text messages at most 612 units
// before personalisation, emails at most 50,000 characters. The error text is GC Notify's.
std::optional<Error> CheckTemplateText(TemplateType type, const std::string& name,
                                       const std::string& body);

Result<Template> CreateTemplate(Store& store, const std::string& service_id, TemplateType type,
                                const std::string& name, std::optional<std::string> subject,
                                const std::string& body,
                                ProcessType process_type = ProcessType::kNormal);

}  // namespace missive::cli
