#pragma once
// A store on a temporary data directory with one service, keys and an email template, for the api
// module's tests.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "api/auth.h"
#include "core/uuid.h"
#include "store/sqlite_store.h"

namespace missive::testing {

constexpr Micros kNow = 1'780'000'000LL * kMicrosPerSecond;

class ApiFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("missive-api-" + NewUuid());
    store_ = std::move(OpenSqliteStore({.data_dir = dir_.string()})).value();
    service_ = Service{NewUuid(), "Service d’essai", "essai", true, false, kNow};
    ASSERT_TRUE(store_->CreateService(service_).ok());
    key_ = AddKey("live", KeyType::kNormal);
    template_.id = NewUuid();
    template_.service_id = service_.id;
    template_.name = "Confirmation";
    template_.subject = "Votre demande, ((name))";
    template_.body = "Bonjour ((name)),\r\n\r\nMerci.";
    template_.created_at = kNow;
    template_.created_by = "test";
    ASSERT_TRUE(store_->CreateTemplate(template_).ok());
  }

  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  ApiKey AddKey(const std::string& name, KeyType type, const std::string& service_id = "") {
    ApiKey key{NewUuid(), service_id.empty() ? service_.id : service_id,
               name,      type,
               NewUuid(), std::nullopt,
               kNow};
    EXPECT_TRUE(store_->CreateApiKey(key).ok());
    return key;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  ManualClock clock_{kNow};
  Service service_;
  ApiKey key_;
  Template template_;
};

}  // namespace missive::testing
