// missive service|key|template ...: create and change what the API serves.

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "api/auth.h"
#include "cli/admin.h"
#include "cli/commands.h"
#include "store/sqlite_store.h"

namespace missive::cli {
namespace {

using nlohmann::ordered_json;

Result<std::unique_ptr<Store>> OpenStore(const Common& common) {
  return OpenSqliteStore({.data_dir = common.data_dir});
}

// Runs `body` with an open store, turning failures into an exit code and a message.
template <typename F>
int WithStore(const Common& common, F&& body) {
  auto store = OpenStore(common);
  if (!store) return Fail(common, store.error().message);
  return body(**store);
}

std::optional<std::string> ReadBody(const std::optional<std::string>& text,
                                    const std::string& file) {
  if (text) return text;
  if (file.empty()) return std::nullopt;
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

ordered_json TemplateJson(const Template& t) {
  return {{"id", t.id},
          {"service_id", t.service_id},
          {"type", TemplateTypeName(t.type)},
          {"name", t.name},
          {"version", t.version},
          {"subject", t.subject ? ordered_json(*t.subject) : ordered_json(nullptr)},
          {"process_type", ProcessTypeName(t.process_type)}};
}

void AddServiceCreate(CLI::App& parent, Common& common, int& exit_code) {
  auto* cmd = parent.add_subcommand("create", "Create a service (trial mode unless --live)");
  auto name = std::make_shared<std::string>();
  auto email_from = std::make_shared<std::string>();
  auto live = std::make_shared<bool>(false);
  cmd->add_option("--name", *name, "The service's name, shown as the email sender")->required();
  cmd->add_option("--email-from", *email_from, "Local part of the From address");
  cmd->add_flag("--live", *live, "Live: may send to anyone (default: trial mode)");
  cmd->callback([&common, &exit_code, name, email_from, live] {
    exit_code = WithStore(common, [&](Store& store) {
      auto from = email_from->empty() ? std::nullopt : std::optional(*email_from);
      auto service = CreateService(store, *name, from, *live);
      if (!service) return Fail(common, service.error().message);
      Print(common,
            {{"id", service->id},
             {"name", service->name},
             {"email_from", service->email_from},
             {"live", !service->restricted}},
            "Created service " + service->id + " (" + service->name + ")");
      return 0;
    });
  });
}

void AddKeyCreate(CLI::App& parent, Common& common, int& exit_code) {
  auto* cmd = parent.add_subcommand("create", "Create an API key; the key is shown only once");
  auto service_id = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto type = std::make_shared<std::string>("normal");
  cmd->add_option("--service", *service_id, "Service id")->required();
  cmd->add_option("--name", *name, "Key name")->required();
  cmd->add_option("--type", *type, "normal, team or test")
      ->check(CLI::IsMember({"normal", "team", "test"}))
      ->capture_default_str();
  cmd->callback([&common, &exit_code, service_id, name, type] {
    exit_code = WithStore(common, [&](Store& store) {
      auto key = CreateKey(store, *service_id, *name, *ParseKeyType(*type));
      if (!key) return Fail(common, key.error().message);
      std::string full = FormatApiKey(*key);
      Print(common, {{"id", key->id}, {"name", key->name}, {"type", *type}, {"key", full}},
            full + "\n(Keep this key: Missive stores it encrypted and cannot show it again. " +
                "Key id, for `key revoke`: " + key->id + ")");
      return 0;
    });
  });
}

void AddKeyRevoke(CLI::App& parent, Common& common, int& exit_code) {
  auto* cmd = parent.add_subcommand("revoke", "Revoke an API key for good");
  auto key_id = std::make_shared<std::string>();
  cmd->add_option("id", *key_id, "Key id (shown when the key was created)")->required();
  cmd->callback([&common, &exit_code, key_id] {
    exit_code = WithStore(common, [&](Store& store) {
      Status revoked = store.RevokeApiKey(*key_id, SystemClock::Instance().NowMicros());
      if (!revoked) return Fail(common, revoked.error().message);
      Print(common, {{"id", *key_id}, {"revoked", true}}, "Revoked key " + *key_id);
      return 0;
    });
  });
}

// Which delivery lane the template's notifications take.
void AddProcessTypeOption(CLI::App& cmd, std::string& process_type) {
  cmd.add_option("--process-type", process_type,
                 "Delivery lane: priority (codes, urgent notices), normal (default) or bulk "
                 "(mass mailings, which wait while the other lanes have work)")
      ->check(CLI::IsMember({"priority", "normal", "bulk"}));
}

void AddTemplateCreate(CLI::App& parent, Common& common, int& exit_code) {
  auto* cmd = parent.add_subcommand("create", "Create a template (version 1)");
  struct Args {
    std::string service_id, type, name, subject, body_file, process_type = "normal";
    std::optional<std::string> body;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--service", args->service_id, "Service id")->required();
  cmd->add_option("--type", args->type, "email or sms")
      ->required()
      ->check(CLI::IsMember({"email", "sms"}));
  cmd->add_option("--name", args->name, "Template name")->required();
  cmd->add_option("--subject", args->subject, "Email subject");
  auto* body = cmd->add_option("--body", args->body, "Template text");
  auto* file = cmd->add_option("--body-file", args->body_file, "File holding the template text");
  body->excludes(file);
  AddProcessTypeOption(*cmd, args->process_type);
  cmd->callback([&common, &exit_code, args] {
    exit_code = WithStore(common, [&](Store& store) {
      auto text = ReadBody(args->body, args->body_file);
      if (!text)
        return Fail(common, "give the template text with --body or a readable --body-file");
      auto subject = args->subject.empty() ? std::nullopt : std::optional(args->subject);
      auto created =
          CreateTemplate(store, args->service_id, *ParseTemplateType(args->type), args->name,
                         subject, *text, *ParseProcessType(args->process_type));
      if (!created) return Fail(common, created.error().message);
      Print(common, TemplateJson(*created),
            "Created template " + created->id + " (" + created->name + ", version 1)");
      return 0;
    });
  });
}

void AddTemplateUpdate(CLI::App& parent, Common& common, int& exit_code) {
  auto* cmd = parent.add_subcommand("update", "Change a template; this makes a new version");
  struct Args {
    std::string id, body_file;
    std::optional<std::string> name, subject, body, process_type;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("id", args->id, "Template id")->required();
  cmd->add_option("--name", args->name, "New name");
  cmd->add_option("--subject", args->subject, "New subject");
  auto* body = cmd->add_option("--body", args->body, "New text");
  auto* file = cmd->add_option("--body-file", args->body_file, "File holding the new text");
  body->excludes(file);
  cmd->add_option("--process-type", args->process_type, "New lane: priority, normal or bulk")
      ->check(CLI::IsMember({"priority", "normal", "bulk"}));
  cmd->callback([&common, &exit_code, args] {
    exit_code = WithStore(common, [&](Store& store) {
      TemplateChange change{args->name, args->subject, ReadBody(args->body, args->body_file)};
      if (args->process_type) change.process_type = ParseProcessType(*args->process_type);
      if (!args->body_file.empty() && !change.body) return Fail(common, "cannot read --body-file");
      if (!change.name && !change.subject && !change.body && !change.process_type) {
        return Fail(common,
                    "nothing to change: give --name, --subject, --body, --body-file or "
                    "--process-type");
      }
      auto existing = store.GetTemplateAnyService(args->id);
      if (!existing) return Fail(common, "no template with id " + args->id);
      if (existing->type == TemplateType::kSms && change.subject) {
        return Fail(common, "text message templates have no subject");
      }
      if (change.name && change.name->empty()) return Fail(common, "the name cannot be empty");
      auto invalid = CheckTemplateText(existing->type, change.name.value_or(existing->name),
                                       change.body.value_or(existing->body));
      if (invalid) return Fail(common, invalid->message);
      auto updated = store.UpdateTemplate(args->id, change, SystemClock::Instance().NowMicros());
      if (!updated) return Fail(common, updated.error().message);
      Print(common, TemplateJson(*updated),
            "Updated template " + updated->id + " (version " + std::to_string(updated->version) +
                ")");
      return 0;
    });
  });
}

void AddTemplateArchive(CLI::App& parent, Common& common, int& exit_code) {
  auto* cmd = parent.add_subcommand("archive", "Archive a template: it can no longer be sent");
  auto id = std::make_shared<std::string>();
  cmd->add_option("id", *id, "Template id")->required();
  cmd->callback([&common, &exit_code, id] {
    exit_code = WithStore(common, [&](Store& store) {
      if (Status archived = store.ArchiveTemplate(*id); !archived) {
        return Fail(common, archived.error().message);
      }
      Print(common, {{"id", *id}, {"archived", true}}, "Archived template " + *id);
      return 0;
    });
  });
}

}  // namespace

void AddAdminCommands(CLI::App& app, Common& common, int& exit_code) {
  auto* service = app.add_subcommand("service", "Manage services")->require_subcommand(1);
  AddServiceCreate(*service, common, exit_code);
  auto* key = app.add_subcommand("key", "Manage API keys")->require_subcommand(1);
  AddKeyCreate(*key, common, exit_code);
  AddKeyRevoke(*key, common, exit_code);
  auto* tmpl = app.add_subcommand("template", "Manage templates")->require_subcommand(1);
  AddTemplateCreate(*tmpl, common, exit_code);
  AddTemplateUpdate(*tmpl, common, exit_code);
  AddTemplateArchive(*tmpl, common, exit_code);
}

}  // namespace missive::cli
