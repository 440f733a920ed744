/// sin(x), or cos(x), of a [rows, cols] node from Meganeura's element-wise ops (it has neither):
/// x = 2π·n + r with n = round(x / 2π) (adding and subtracting 1.5·2²³ rounds an f32 to an
/// integer), r = x - n·2π with 2π in three parts (Cody & Waite: n·C1 and n·C2 are exact for
/// |n| < 2¹¹), then the Taylor series of sin or cos on r in [-π, π] (to r¹⁷, r¹⁸: |error| < 3e-8).
fn sin_cos(g: &mut Graph, x: NodeId, cos: bool) -> NodeId {
    const ROUND: f64 = 12582912.0; // 1.5·2²³
    const TWO_PI: [f64; 3] = [6.28125, 0.0019352436065673828, 6.357301884918343e-8];
    let shape = g.node(x).ty.shape.clone();
    let (rows, cols) = (shape[0], shape[1]);
    let row = |g: &mut Graph, value: f64| g.constant(vec![value as f32; cols], &[cols]);
    let scale = |g: &mut Graph, x: NodeId, value: f64| {
        let column = g.constant(vec![value as f32; rows], &[rows, 1]);
        let factor = g.broadcast_inner(column, cols);
        g.mul(x, factor)
    };
    let turns = scale(g, x, 1.0 / std::f64::consts::TAU);
    let up = row(g, ROUND);
    let turns = g.bias_add(turns, up);
    let down = row(g, -ROUND);
    let n = g.bias_add(turns, down);
    let mut r = x;
    for part in TWO_PI {
        let step = scale(g, n, -part);
        r = g.add(r, step);
    }
    let r2 = g.mul(r, r);
    // the series in r²: sin r = r·Σ (-1)^k r^2k / (2k+1)!, cos r = Σ (-1)^k r^2k / (2k)!
    let terms = if cos { 10 } else { 9 };
    let coefficient = |k: i32| {
        let factorial: f64 = (1..=2 * k + i32::from(!cos)).map(f64::from).product();
        (-1f64).powi(k) / factorial
    };
    let mut sum = scale(g, r2, coefficient(terms - 1));
    for k in (0..terms - 1).rev() {
        if k < terms - 2 {
            sum = g.mul(sum, r2);
        }
        let c = row(g, coefficient(k));
        sum = g.bias_add(sum, c);
    }
    if cos {
        sum
    } else {
        g.mul(sum, r)
    }
}
