variable "name" { type = string }
variable "retention_days" { type = number }
variable "copy_to_region" { type = string }

resource "aws_backup_vault" "this" {
  name = var.name
}

resource "aws_backup_vault_lock_configuration" "this" {
  backup_vault_name  = aws_backup_vault.this.name
  min_retention_days = var.retention_days
}

resource "aws_backup_plan" "nightly" {
  name = "${var.name}-nightly"
  rule {
    rule_name         = "nightly"
    target_vault_name = aws_backup_vault.this.name
    schedule          = "cron(0 2 * * ? *)"
    lifecycle { delete_after = var.retention_days }
  }
}
