# Production foundations in eu-central-1: network, shared services and backups.
terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket = "example-tfstate-prod"
    key    = "infra/prod/terraform.tfstate"
    region = "eu-central-1"
  }
}

provider "aws" {
  region = "eu-central-1"
}

module "backup_vault" {
  source         = "../../modules/backup-vault"
  name           = "prod-nightly"
  retention_days = 35
  copy_to_region = "eu-west-1"
}

module "certificates" {
  source  = "../../modules/acm"
  domains = ["example.com", "*.example.com"]
}
