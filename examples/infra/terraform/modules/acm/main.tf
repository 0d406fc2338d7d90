variable "domains" {
  type        = list(string)
  description = "The first entry is the certificate's subject; the rest are SANs."
}

resource "aws_acm_certificate" "this" {
  domain_name               = var.domains[0]
  subject_alternative_names = slice(var.domains, 1, length(var.domains))
  validation_method         = "DNS"

  lifecycle {
    create_before_destroy = true
  }
}

output "arn" {
  value = aws_acm_certificate.this.arn
}
