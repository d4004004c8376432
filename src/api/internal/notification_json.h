#pragma once
// The notification object of GET /v2/notifications[/{id}] and the template reference of send
// responses. Private to the api module.

#include <nlohmann/json.hpp>
#include <string>

#include "api/internal/handlers.h"

namespace missive::handlers {

// {"id", "version", "uri"}: uri is /v2/template/{id}/version/{version}, which resolves.
nlohmann::ordered_json TemplateRef(const Context& c, const std::string& id, int version);

// Every field GC Notify returns, letter fields included as null; body and subject re-rendered
// from the template version `t` the notification was sent with.
nlohmann::ordered_json NotificationJson(const Context& c, const Notification& n, const Template& t);

}  // namespace missive::handlers
