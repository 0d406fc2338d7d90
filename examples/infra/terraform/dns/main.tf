# Public zone in Route 53; internal zones are served by the BIND pair from zones/.
resource "aws_route53_zone" "public" {
  name = "example.com"
}

resource "aws_route53_record" "www" {
  zone_id = aws_route53_zone.public.zone_id
  name    = "www.example.com"
  type    = "CNAME"
  ttl     = 300
  records = ["web-lb-prod.eu-central-1.elb.amazonaws.com"]
}
